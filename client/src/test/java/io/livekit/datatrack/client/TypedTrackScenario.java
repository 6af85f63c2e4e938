package io.livekit.datatrack.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.FrameEncoding;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.SchemaEncoding;
import io.livekit.datatrack.SchemaId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A typed track end to end, against whichever server {@code connect} reaches: the publisher
 * defines its schema and publishes a PROTOBUF track naming it; the subscriber sees frame encoding
 * and schema id in the track info and fetches the definition byte for byte; an undefined schema
 * is NOT_FOUND.
 */
final class TypedTrackScenario {
    interface Connector {
        Room connect(String room, String identity, Events events) throws Exception;
    }

    private TypedTrackScenario() {}

    static void run(Connector connector) throws Exception {
        String roomName = "typed-" + UUID.randomUUID();
        SchemaId schema = SchemaId.of("robot.v1.Pose", SchemaEncoding.PROTOBUF);
        byte[] definition = ("syntax = \"proto3\"; package robot.v1;\n"
                        + "message Pose { double x = 1; double y = 2; double theta = 3; }\n"
                        + "// \u00e9\u00e8 non-ASCII survives")
                .getBytes(StandardCharsets.UTF_8);
        Events bobEvents = new Events();
        try (Room alice = connector.connect(roomName, "alice", new Events());
                Room bob = connector.connect(roomName, "bob", bobEvents)) {
            alice.localParticipant().defineSchema(schema, definition).get(10, TimeUnit.SECONDS);
            LocalDataTrack track = alice.localParticipant()
                    .publishDataTrack(DataTrackOptions.named("pose").withFrameEncoding(FrameEncoding.PROTOBUF).withSchema(schema))
                    .get(10, TimeUnit.SECONDS);
            assertThat(track.info().schema()).contains(schema);

            RoomEvent.DataTrackPublished published = bobEvents.await(
                    RoomEvent.DataTrackPublished.class, e -> e.track().info().name().equals("pose"), Duration.ofSeconds(10));
            assertThat(published.track().info().frameEncoding()).contains(FrameEncoding.PROTOBUF);
            assertThat(published.track().info().schema()).contains(schema);
            byte[] fetched = bob.localParticipant()
                    .getSchema(published.track().publisherIdentity(), published.track().info().schema().get())
                    .get(10, TimeUnit.SECONDS);
            assertThat(fetched).isEqualTo(definition);

            // Same name, other language: a different schema, never defined.
            SchemaId other = SchemaId.of("robot.v1.Pose", SchemaEncoding.JSON_SCHEMA);
            assertThatThrownBy(() -> bob.localParticipant().getSchema("alice", other).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(SchemaException.class)
                    .extracting(e -> ((SchemaException) e).reason())
                    .isEqualTo(SchemaException.Reason.NOT_FOUND);
            assertThatThrownBy(() -> bob.localParticipant().getSchema("nobody", schema).get(10, TimeUnit.SECONDS))
                    .cause()
                    .extracting(e -> ((SchemaException) e).reason())
                    .isEqualTo(SchemaException.Reason.NOT_FOUND);

            // Redefining replaces the definition.
            byte[] v2 = "syntax = \"proto3\"; message Pose { float x = 1; }".getBytes(StandardCharsets.UTF_8);
            alice.localParticipant().defineSchema(schema, v2).get(10, TimeUnit.SECONDS);
            assertThat(bob.localParticipant().getSchema("alice", schema).get(10, TimeUnit.SECONDS)).isEqualTo(v2);
        }
    }
}
