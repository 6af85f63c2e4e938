package io.livekit.datatrack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.livekit.datatrack.backend.DataTrackProto;
import io.livekit.datatrack.backend.local.LocalProto;
import io.livekit.datatrack.backend.remote.RemoteProto;
import io.livekit.datatrack.packet.Handles;
import io.livekit.datatrack.protocol.LivekitModels;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layering rules of the core module, checked on its compiled main classes (the directory or jar
 * {@link DataTrackInfo} was loaded from; test classes and other modules are not imported).
 */
class ArchitectureTest {
    private static final String PROTOCOL = "io.livekit.datatrack.protocol..";
    /** A {@code *Proto} class of a backend package, or a class nested in one (e.g. a switch map). */
    private static final String PROTO_MAPPER = ".*\\.backend(\\..*)?\\.[A-Za-z0-9_]*Proto(\\$.*)?";

    private static JavaClasses core;

    @BeforeAll
    static void importCore() throws URISyntaxException {
        URL location = DataTrackInfo.class.getProtectionDomain().getCodeSource().getLocation();
        Path path = Paths.get(location.toURI());
        core = new ClassFileImporter().importPath(path);
    }

    @Test
    void importSeesTheCoreClassesAndNothingElse() {
        assertThat(core.size()).isGreaterThan(20);
        assertThat(core.contain(DataTrackInfo.class)).isTrue();
        assertThat(core.contain(DataTrackProto.class)).isTrue();
        assertThat(core.contain(LocalProto.class)).isTrue();
        assertThat(core.contain(RemoteProto.class)).isTrue();
        assertThat(core.contain(Handles.class)).isTrue();
        assertThat(core.contain(ArchitectureTest.class)).as("test classes").isFalse();
        assertThat(core.contain(LivekitModels.class)).as("protocol module").isFalse();
    }

    // (a)
    static final ArchRule PROTOBUF_ONLY_IN_PROTO_MAPPERS = noClasses()
            .that().resideOutsideOfPackage(PROTOCOL)
            .and().haveNameNotMatching(PROTO_MAPPER)
            .should().dependOnClassesThat().resideInAPackage(PROTOCOL)
            .because("protobuf messages are converted at the edge by the backend *Proto classes")
            .allowEmptyShould(false);

    // (b)
    static final ArchRule NO_TRANSPORT_DEPENDENCIES = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.onvoid..", "org.eclipse.jetty..", "java.net.http..")
            .because("core is transport-agnostic: WebRTC, WebSocket and HTTP live in other modules")
            .allowEmptyShould(false);

    // (c)
    static final ArchRule API_DOES_NOT_SEE_BACKEND = noClasses()
            .that().resideInAPackage("io.livekit.datatrack")
            .should().dependOnClassesThat().resideInAPackage("..backend..")
            .because("the public API must not expose the backend")
            .allowEmptyShould(false);

    // (d)
    static final ArchRule PACKET_IS_A_LEAF = noClasses()
            .that().resideInAPackage("io.livekit.datatrack.packet")
            .should().dependOnClassesThat().resideInAnyPackage("..backend..", "..internal..")
            .because("the packet format is a leaf usable on its own (e.g. by an SFU)")
            .allowEmptyShould(false);

    @Test
    void protobufIsOnlyUsedByProtoMappers() {
        PROTOBUF_ONLY_IN_PROTO_MAPPERS.check(core);
    }

    @Test
    void coreHasNoTransportDependencies() {
        NO_TRANSPORT_DEPENDENCIES.check(core);
    }

    @Test
    void publicApiDoesNotDependOnBackend() {
        API_DOES_NOT_SEE_BACKEND.check(core);
    }

    @Test
    void packetDoesNotDependOnBackendOrInternal() {
        PACKET_IS_A_LEAF.check(core);
    }

    // ---- the rules catch what they are meant to catch --------------------------------------

    /** Uses protobuf although it is no {@code *Proto} mapper. */
    static final class ProtocolLeak {
        Object leak() {
            return LivekitModels.DataTrackInfo.getDefaultInstance();
        }
    }

    /** Named like a mapper but outside the backend. */
    static final class FakeProto {
        Object leak() {
            return LivekitModels.DataTrackInfo.getDefaultInstance();
        }
    }

    /** Uses the JDK HTTP client. */
    static final class HttpUser {
        Object client() {
            return java.net.http.HttpClient.newHttpClient();
        }
    }

    @Test
    void rulesReportViolations() {
        JavaClasses bad = new ClassFileImporter().importClasses(ProtocolLeak.class, FakeProto.class, HttpUser.class);

        assertThat(PROTOBUF_ONLY_IN_PROTO_MAPPERS.evaluate(bad).getFailureReport().getDetails())
                .anyMatch(d -> d.contains(ProtocolLeak.class.getName()))
                .anyMatch(d -> d.contains(FakeProto.class.getName()));
        assertThat(NO_TRANSPORT_DEPENDENCIES.evaluate(bad).getFailureReport().getDetails())
                .anyMatch(d -> d.contains(HttpUser.class.getName()));
        // the top-level API package depending on the backend
        assertThat(API_DOES_NOT_SEE_BACKEND.evaluate(
                        new ClassFileImporter().importClasses(ApiLeak.class)).hasViolation())
                .isTrue();
        // an empty selection must fail rather than pass silently
        JavaClasses none = new ClassFileImporter().importClasses(HttpUser.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PACKET_IS_A_LEAF.check(none))
                .isInstanceOf(AssertionError.class);
    }

    /** A top-level API class that reaches into the backend. */
    static final class ApiLeak {
        Object backend() {
            return DataTrackProto.class;
        }
    }
}
