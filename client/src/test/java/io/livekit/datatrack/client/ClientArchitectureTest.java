package io.livekit.datatrack.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layering of the client module, on its compiled main classes. */
class ClientArchitectureTest {
    private static JavaClasses client;

    @BeforeAll
    static void importClient() throws Exception {
        Path path = Paths.get(Room.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        client = new ClassFileImporter().importPath(path);
        assertThat(client.contain(Room.class)).isTrue();
        assertThat(client.contain(ClientArchitectureTest.class)).isFalse();
    }

    @Test
    void protobufOnlyInSignalAndInternal() {
        noClasses().that().resideInAPackage("io.livekit.datatrack.client")
                .should().dependOnClassesThat().resideInAPackage("io.livekit.datatrack.protocol..")
                .because("the public API never exposes protobuf types")
                .check(client);
    }

    @Test
    void noWebrtcJavaOutsideTheRtcModule() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.onvoid.webrtc..")
                .because("all native WebRTC access goes through the rtc module's engine")
                .check(client);
    }

    @Test
    void signalLayerDoesNotKnowTheRoom() {
        noClasses().that().resideInAPackage("io.livekit.datatrack.client.signal..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.livekit.datatrack.client.internal..", "io.livekit.datatrack.rtc..")
                .check(client);
    }
}
