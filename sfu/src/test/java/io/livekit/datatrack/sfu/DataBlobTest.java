package io.livekit.datatrack.sfu;

import static io.livekit.datatrack.sfu.testclient.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.RequestResponse.Reason;
import io.livekit.datatrack.protocol.LivekitRtc.SignalResponse.MessageCase;
import io.livekit.datatrack.sfu.testclient.SfuExtension;
import io.livekit.datatrack.sfu.testclient.TestClient;
import io.livekit.datatrack.sfu.testclient.TestSfu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Data blobs (schema definitions of typed tracks): store, fetch by owner and key, errors. */
class DataBlobTest {
    @RegisterExtension
    static final SfuExtension SFU = SfuExtension.loopback();



    private static LivekitModels.DataBlobKey schemaKey(String name) {
        return LivekitModels.DataBlobKey.newBuilder()
                .setSchemaId(LivekitModels.DataTrackSchemaId.newBuilder().setName(name)
                        .setEncoding(LivekitModels.DataTrackSchemaEncoding.newBuilder()
                                .setWellKnownValue(4))) // ROS2_MSG
                .build();
    }

    private static LivekitRtc.SignalRequest store(int id, LivekitModels.DataBlobKey key, byte[] contents) {
        return LivekitRtc.SignalRequest.newBuilder().setStoreDataBlobRequest(LivekitRtc.StoreDataBlobRequest.newBuilder()
                .setRequestId(id)
                .setBlob(LivekitModels.DataBlob.newBuilder().setKey(key).setContents(ByteString.copyFrom(contents))))
                .build();
    }

    private static LivekitRtc.SignalRequest get(int id, String owner, LivekitModels.DataBlobKey key) {
        return LivekitRtc.SignalRequest.newBuilder().setGetDataBlobRequest(LivekitRtc.GetDataBlobRequest.newBuilder()
                .setRequestId(id).setParticipantIdentity(owner).setKey(key)).build();
    }

    @Test
    void storedSchemaIsFetchedByOthersByOwnerAndKey() throws Exception {
        String room = TestSfu.room("blobs");
        try (TestClient robot = TestClient.join(SFU.url(), token("robot", room));
                TestClient viewer = TestClient.join(SFU.url(), token("viewer", room))) {
            byte[] schema = "float64 x\nfloat64 y\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            robot.send(store(7, schemaKey("geometry_msgs/Point"), schema));
            LivekitRtc.StoreDataBlobResponse stored = robot.await(MessageCase.STORE_DATA_BLOB_RESPONSE)
                    .getStoreDataBlobResponse();
            assertThat(stored.getRequestId()).isEqualTo(7);
            assertThat(stored.getKey()).isEqualTo(schemaKey("geometry_msgs/Point"));

            viewer.send(get(8, "robot", schemaKey("geometry_msgs/Point")));
            LivekitRtc.GetDataBlobResponse got = viewer.await(MessageCase.GET_DATA_BLOB_RESPONSE).getGetDataBlobResponse();
            assertThat(got.getRequestId()).isEqualTo(8);
            assertThat(got.getBlob().getContents().toByteArray()).isEqualTo(schema);

            // Same name, other encoding: another schema, not found.
            LivekitModels.DataBlobKey other = schemaKey("geometry_msgs/Point").toBuilder()
                    .setSchemaId(schemaKey("geometry_msgs/Point").getSchemaId().toBuilder()
                            .setEncoding(LivekitModels.DataTrackSchemaEncoding.newBuilder().setWellKnownValue(1)))
                    .build();
            viewer.send(get(9, "robot", other));
            LivekitRtc.RequestResponse missing = viewer.await(MessageCase.REQUEST_RESPONSE).getRequestResponse();
            assertThat(missing.getRequestId()).isEqualTo(9);
            assertThat(missing.getReason()).isEqualTo(Reason.NOT_FOUND);

            viewer.send(get(10, "nobody", schemaKey("geometry_msgs/Point")));
            assertThat(viewer.await(MessageCase.REQUEST_RESPONSE).getRequestResponse().getReason())
                    .isEqualTo(Reason.NOT_FOUND);
        }
    }

    @Test
    void oversizedEmptyKeyEmptyContentsAndUnauthorisedStoresAreRefused() throws Exception {
        String room = TestSfu.room("blob-errors");
        try (TestClient c = TestClient.join(SFU.url(), token("a", room));
                TestClient viewer = TestClient.join(SFU.url(), token("v", room, g -> g.withCanPublishData(false)))) {
            c.send(store(1, schemaKey("big"), new byte[50_001]));
            LivekitRtc.RequestResponse big = c.await(MessageCase.REQUEST_RESPONSE).getRequestResponse();
            assertThat(big.getRequestId()).isEqualTo(1);
            assertThat(big.getReason()).isEqualTo(Reason.LIMIT_EXCEEDED);

            c.send(store(2, LivekitModels.DataBlobKey.newBuilder().setGeneric("").build(), new byte[1]));
            assertThat(c.await(MessageCase.REQUEST_RESPONSE).getRequestResponse().getReason())
                    .isEqualTo(Reason.INVALID_REQUEST);

            c.send(store(4, schemaKey("empty"), new byte[0]));
            LivekitRtc.RequestResponse empty = c.await(MessageCase.REQUEST_RESPONSE).getRequestResponse();
            assertThat(empty.getRequestId()).isEqualTo(4);
            assertThat(empty.getReason()).isEqualTo(Reason.INVALID_REQUEST);

            viewer.send(store(3, schemaKey("x"), new byte[1]));
            assertThat(viewer.await(MessageCase.REQUEST_RESPONSE).getRequestResponse().getReason())
                    .isEqualTo(Reason.NOT_ALLOWED);
        }
    }
}
