package io.livekit.datatrack.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.livekit.datatrack.protocol.LivekitModels.ClientInfo;
import io.livekit.datatrack.protocol.LivekitModels.DataBlob;
import io.livekit.datatrack.protocol.LivekitModels.DataBlobKey;
import io.livekit.datatrack.protocol.LivekitModels.DataPacket;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackFrameEncoding;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackFrameEncoding.WellKnownFrameEncoding;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackInfo;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackSchemaEncoding;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackSchemaEncoding.WellKnownSchemaEncoding;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackSchemaId;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackSubscriptionOptions;
import io.livekit.datatrack.protocol.LivekitModels.DisconnectReason;
import io.livekit.datatrack.protocol.LivekitModels.Encryption;
import io.livekit.datatrack.protocol.LivekitModels.EncryptedPacket;
import io.livekit.datatrack.protocol.LivekitModels.MetricsBatch;
import io.livekit.datatrack.protocol.LivekitModels.ParticipantInfo;
import io.livekit.datatrack.protocol.LivekitModels.ReconnectReason;
import io.livekit.datatrack.protocol.LivekitModels.ServerInfo;
import io.livekit.datatrack.protocol.LivekitModels.UserPacket;
import io.livekit.datatrack.protocol.LivekitRtc.ConnectionSettings;
import io.livekit.datatrack.protocol.LivekitRtc.DataTrackSubscriberHandles;
import io.livekit.datatrack.protocol.LivekitRtc.DataTrackSubscriberHandles.PublishedDataTrack;
import io.livekit.datatrack.protocol.LivekitRtc.GetDataBlobRequest;
import io.livekit.datatrack.protocol.LivekitRtc.GetDataBlobResponse;
import io.livekit.datatrack.protocol.LivekitRtc.JoinRequest;
import io.livekit.datatrack.protocol.LivekitRtc.JoinResponse;
import io.livekit.datatrack.protocol.LivekitRtc.LeaveRequest;
import io.livekit.datatrack.protocol.LivekitRtc.ParticipantUpdate;
import io.livekit.datatrack.protocol.LivekitRtc.Ping;
import io.livekit.datatrack.protocol.LivekitRtc.Pong;
import io.livekit.datatrack.protocol.LivekitRtc.PublishDataTrackRequest;
import io.livekit.datatrack.protocol.LivekitRtc.PublishDataTrackResponse;
import io.livekit.datatrack.protocol.LivekitRtc.ReconnectResponse;
import io.livekit.datatrack.protocol.LivekitRtc.RequestResponse;
import io.livekit.datatrack.protocol.LivekitRtc.SessionDescription;
import io.livekit.datatrack.protocol.LivekitRtc.SignalRequest;
import io.livekit.datatrack.protocol.LivekitRtc.SignalResponse;
import io.livekit.datatrack.protocol.LivekitRtc.SignalTarget;
import io.livekit.datatrack.protocol.LivekitRtc.StoreDataBlobRequest;
import io.livekit.datatrack.protocol.LivekitRtc.StoreDataBlobResponse;
import io.livekit.datatrack.protocol.LivekitRtc.SyncState;
import io.livekit.datatrack.protocol.LivekitRtc.TrickleRequest;
import io.livekit.datatrack.protocol.LivekitRtc.UnpublishDataTrackRequest;
import io.livekit.datatrack.protocol.LivekitRtc.UnpublishDataTrackResponse;
import io.livekit.datatrack.protocol.LivekitRtc.UpdateDataSubscription;
import io.livekit.datatrack.protocol.LivekitRtc.WrappedJoinRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the wire interface of our hand-written protos to the numbers used by upstream LiveKit.
 *
 * <p>Every expectation below is a literal byte string worked out by hand from the upstream field
 * numbers (tag = field_number << 3 | wire_type, as a varint), never derived from the generated
 * classes, so a wrong number in a .proto file makes a test fail.
 */
class WireNumbersTest {

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  /** Parses "9a 01 07" style hex. */
  private static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  private static String hexOf(byte[] b) {
    return HEX.formatHex(b);
  }

  private static String hexOf(Message m) {
    return hexOf(m.toByteArray());
  }

  // ---------------------------------------------------------------------------------------------
  // Small building blocks reused below (their own encodings are pinned in DataTrackMessages).
  // ---------------------------------------------------------------------------------------------

  /** pub_handle=1, name="a", encryption=GCM -> 08 01 | 12 01 61 | 18 01 */
  private static PublishDataTrackRequest publishReq() {
    return PublishDataTrackRequest.newBuilder()
        .setPubHandle(1)
        .setName("a")
        .setEncryption(Encryption.Type.GCM)
        .build();
  }

  private static final String PUBLISH_REQ = "08 01 12 01 61 18 01";

  /** pub_handle=1, sid="DTR_x", name="a" -> 08 01 | 12 05 "DTR_x" | 1a 01 61 */
  private static DataTrackInfo info() {
    return DataTrackInfo.newBuilder().setPubHandle(1).setSid("DTR_x").setName("a").build();
  }

  private static final String INFO = "08 01 12 05 44 54 52 5f 78 1a 01 61";

  // ---------------------------------------------------------------------------------------------
  // SignalRequest / SignalResponse oneof variants: leading tag bytes.
  // ---------------------------------------------------------------------------------------------

  static Stream<Arguments> signalRequestVariants() {
    SessionDescription sdp = SessionDescription.getDefaultInstance();
    return Stream.of(
        Arguments.of("offer 1", SignalRequest.newBuilder().setOffer(sdp), "0a"),
        Arguments.of("answer 2", SignalRequest.newBuilder().setAnswer(sdp), "12"),
        Arguments.of(
            "trickle 3",
            SignalRequest.newBuilder().setTrickle(TrickleRequest.getDefaultInstance()),
            "1a"),
        Arguments.of(
            "leave 8", SignalRequest.newBuilder().setLeave(LeaveRequest.getDefaultInstance()), "42"),
        Arguments.of(
            "sync_state 12",
            SignalRequest.newBuilder().setSyncState(SyncState.getDefaultInstance()),
            "62"),
        // ping is a varint (wire type 0)
        Arguments.of("ping 14", SignalRequest.newBuilder().setPing(1), "70"),
        Arguments.of(
            "ping_req 16", SignalRequest.newBuilder().setPingReq(Ping.getDefaultInstance()), "82 01"),
        Arguments.of(
            "publish_data_track_request 19",
            SignalRequest.newBuilder().setPublishDataTrackRequest(publishReq()),
            "9a 01"),
        Arguments.of(
            "unpublish_data_track_request 20",
            SignalRequest.newBuilder()
                .setUnpublishDataTrackRequest(UnpublishDataTrackRequest.getDefaultInstance()),
            "a2 01"),
        Arguments.of(
            "update_data_subscription 21",
            SignalRequest.newBuilder()
                .setUpdateDataSubscription(UpdateDataSubscription.getDefaultInstance()),
            "aa 01"),
        Arguments.of(
            "store_data_blob_request 22",
            SignalRequest.newBuilder()
                .setStoreDataBlobRequest(StoreDataBlobRequest.getDefaultInstance()),
            "b2 01"),
        Arguments.of(
            "get_data_blob_request 23",
            SignalRequest.newBuilder()
                .setGetDataBlobRequest(GetDataBlobRequest.getDefaultInstance()),
            "ba 01"));
  }

  @ParameterizedTest(name = "SignalRequest.{0}")
  @MethodSource("signalRequestVariants")
  void signalRequestVariantTag(String variant, SignalRequest.Builder b, String tag)
      throws InvalidProtocolBufferException {
    SignalRequest msg = b.build();
    byte[] wire = msg.toByteArray();
    assertThat(hexOf(wire)).startsWith(tag);
    SignalRequest back = SignalRequest.parseFrom(wire);
    assertThat(back).isEqualTo(msg);
    assertThat(back.getMessageCase()).isEqualTo(msg.getMessageCase());
    assertThat(back.getUnknownFields().asMap()).isEmpty();
  }

  static Stream<Arguments> signalResponseVariants() {
    SessionDescription sdp = SessionDescription.getDefaultInstance();
    return Stream.of(
        Arguments.of("join 1", SignalResponse.newBuilder().setJoin(JoinResponse.getDefaultInstance()), "0a"),
        Arguments.of("answer 2", SignalResponse.newBuilder().setAnswer(sdp), "12"),
        Arguments.of("offer 3", SignalResponse.newBuilder().setOffer(sdp), "1a"),
        Arguments.of(
            "trickle 4",
            SignalResponse.newBuilder().setTrickle(TrickleRequest.getDefaultInstance()),
            "22"),
        Arguments.of(
            "update 5",
            SignalResponse.newBuilder().setUpdate(ParticipantUpdate.getDefaultInstance()),
            "2a"),
        Arguments.of(
            "leave 8", SignalResponse.newBuilder().setLeave(LeaveRequest.getDefaultInstance()), "42"),
        Arguments.of("refresh_token 16", SignalResponse.newBuilder().setRefreshToken("t"), "82 01"),
        // pong is a varint (wire type 0)
        Arguments.of("pong 18", SignalResponse.newBuilder().setPong(1), "90 01"),
        Arguments.of(
            "reconnect 19",
            SignalResponse.newBuilder().setReconnect(ReconnectResponse.getDefaultInstance()),
            "9a 01"),
        Arguments.of(
            "pong_resp 20", SignalResponse.newBuilder().setPongResp(Pong.getDefaultInstance()), "a2 01"),
        Arguments.of(
            "request_response 22",
            SignalResponse.newBuilder().setRequestResponse(RequestResponse.getDefaultInstance()),
            "b2 01"),
        Arguments.of(
            "publish_data_track_response 27",
            SignalResponse.newBuilder()
                .setPublishDataTrackResponse(PublishDataTrackResponse.getDefaultInstance()),
            "da 01"),
        Arguments.of(
            "unpublish_data_track_response 28",
            SignalResponse.newBuilder()
                .setUnpublishDataTrackResponse(UnpublishDataTrackResponse.getDefaultInstance()),
            "e2 01"),
        Arguments.of(
            "data_track_subscriber_handles 29",
            SignalResponse.newBuilder()
                .setDataTrackSubscriberHandles(DataTrackSubscriberHandles.getDefaultInstance()),
            "ea 01"),
        Arguments.of(
            "store_data_blob_response 30",
            SignalResponse.newBuilder()
                .setStoreDataBlobResponse(StoreDataBlobResponse.getDefaultInstance()),
            "f2 01"),
        Arguments.of(
            "get_data_blob_response 31",
            SignalResponse.newBuilder()
                .setGetDataBlobResponse(GetDataBlobResponse.getDefaultInstance()),
            "fa 01"));
  }

  @ParameterizedTest(name = "SignalResponse.{0}")
  @MethodSource("signalResponseVariants")
  void signalResponseVariantTag(String variant, SignalResponse.Builder b, String tag)
      throws InvalidProtocolBufferException {
    SignalResponse msg = b.build();
    byte[] wire = msg.toByteArray();
    assertThat(hexOf(wire)).startsWith(tag);
    SignalResponse back = SignalResponse.parseFrom(wire);
    assertThat(back).isEqualTo(msg);
    assertThat(back.getMessageCase()).isEqualTo(msg.getMessageCase());
    assertThat(back.getUnknownFields().asMap()).isEmpty();
  }

  @Test
  void everySignalVariantNumberIsPresent() {
    // 9 is unused upstream in SignalRequest; 7 is unused in SignalResponse.
    for (int n = 1; n <= 23; n++) {
      if (n == 9) {
        continue;
      }
      assertThat(SignalRequest.getDescriptor().findFieldByNumber(n))
          .as("SignalRequest field %d", n)
          .isNotNull();
    }
    for (int n = 1; n <= 31; n++) {
      if (n == 7) {
        continue;
      }
      assertThat(SignalResponse.getDescriptor().findFieldByNumber(n))
          .as("SignalResponse field %d", n)
          .isNotNull();
    }
    assertThat(SignalRequest.getDescriptor().findFieldByNumber(9)).isNull();
    assertThat(SignalResponse.getDescriptor().findFieldByNumber(7)).isNull();
    assertThat(SignalRequest.getDescriptor().getFields()).hasSize(22);
    assertThat(SignalResponse.getDescriptor().getFields()).hasSize(30);
  }

  // ---------------------------------------------------------------------------------------------
  // Data-track messages: exact bytes.
  // ---------------------------------------------------------------------------------------------

  @Nested
  class DataTrackMessages {

    @Test
    void publishRequestFull() throws InvalidProtocolBufferException {
      assertThat(hexOf(publishReq())).isEqualTo(PUBLISH_REQ);

      SignalRequest req = SignalRequest.newBuilder().setPublishDataTrackRequest(publishReq()).build();
      assertThat(hexOf(req)).isEqualTo("9a 01 07 " + PUBLISH_REQ);
      assertThat(SignalRequest.parseFrom(req.toByteArray()).getPublishDataTrackRequest())
          .isEqualTo(publishReq());
    }

    @Test
    void publishRequestTypedFields4And5() throws InvalidProtocolBufferException {
      PublishDataTrackRequest req =
          PublishDataTrackRequest.newBuilder()
              .setFrameEncoding(
                  DataTrackFrameEncoding.newBuilder()
                      .setWellKnown(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_JSON))
              .setSchema(DataTrackSchemaId.newBuilder().setName("s"))
              .build();
      // frame_encoding 4 {well_known 1 = 7}, schema 5 {name 1 = "s"}
      assertThat(hexOf(req)).isEqualTo("22 02 08 07 2a 03 0a 01 73");
      PublishDataTrackRequest back = PublishDataTrackRequest.parseFrom(req.toByteArray());
      assertThat(back.hasFrameEncoding()).isTrue();
      assertThat(back.hasSchema()).isTrue();
      assertThat(back).isEqualTo(req);
    }

    @Test
    void publishAndUnpublishResponses() throws InvalidProtocolBufferException {
      PublishDataTrackResponse pub = PublishDataTrackResponse.newBuilder().setInfo(info()).build();
      assertThat(hexOf(pub)).isEqualTo("0a 0c " + INFO);

      SignalResponse resp = SignalResponse.newBuilder().setPublishDataTrackResponse(pub).build();
      assertThat(hexOf(resp)).isEqualTo("da 01 0e 0a 0c " + INFO);
      assertThat(SignalResponse.parseFrom(resp.toByteArray())).isEqualTo(resp);

      UnpublishDataTrackRequest unpubReq =
          UnpublishDataTrackRequest.newBuilder().setPubHandle(300).build();
      assertThat(hexOf(unpubReq)).isEqualTo("08 ac 02");
      assertThat(
              hexOf(SignalRequest.newBuilder().setUnpublishDataTrackRequest(unpubReq).build()))
          .isEqualTo("a2 01 03 08 ac 02");

      UnpublishDataTrackResponse unpub =
          UnpublishDataTrackResponse.newBuilder().setInfo(info()).build();
      SignalResponse resp2 = SignalResponse.newBuilder().setUnpublishDataTrackResponse(unpub).build();
      assertThat(hexOf(resp2)).isEqualTo("e2 01 0e 0a 0c " + INFO);
      assertThat(SignalResponse.parseFrom(resp2.toByteArray())).isEqualTo(resp2);
    }

    @Test
    void dataTrackInfoBaseFields1To4() {
      DataTrackInfo i =
          DataTrackInfo.newBuilder()
              .setPubHandle(2)
              .setSid("D")
              .setName("n")
              .setEncryption(Encryption.Type.CUSTOM)
              .build();
      assertThat(hexOf(i)).isEqualTo("08 02 12 01 44 1a 01 6e 20 02");
    }

    @Test
    void dataTrackInfoFrameEncoding5AndSchema6() throws InvalidProtocolBufferException {
      DataTrackInfo withEncoding =
          DataTrackInfo.newBuilder()
              .setFrameEncoding(
                  DataTrackFrameEncoding.newBuilder()
                      .setWellKnown(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_CDR))
              .build();
      assertThat(hexOf(withEncoding)).isEqualTo("2a 02 08 02");

      DataTrackInfo withSchema =
          DataTrackInfo.newBuilder()
              .setSchema(
                  DataTrackSchemaId.newBuilder()
                      .setName("s")
                      .setEncoding(
                          DataTrackSchemaEncoding.newBuilder()
                              .setWellKnown(
                                  WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_ROS2_MSG)))
              .build();
      assertThat(hexOf(withSchema)).isEqualTo("32 07 0a 01 73 12 02 08 04");

      DataTrackInfo custom =
          DataTrackInfo.newBuilder()
              .setFrameEncoding(DataTrackFrameEncoding.newBuilder().setCustom("x"))
              .build();
      // custom is field 2 of the oneof
      assertThat(hexOf(custom)).isEqualTo("2a 03 12 01 78");

      DataTrackInfo back = DataTrackInfo.parseFrom(withSchema.toByteArray());
      assertThat(back.hasSchema()).isTrue();
      assertThat(back.hasFrameEncoding()).isFalse();
      assertThat(back.getSchema().getEncoding().getWellKnown())
          .isEqualTo(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_ROS2_MSG);
    }

    @Test
    void wellKnownEncodingNumbers() {
      assertThat(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_UNSPECIFIED.getNumber())
          .isZero();
      assertThat(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_ROS1.getNumber()).isEqualTo(1);
      assertThat(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_CDR.getNumber()).isEqualTo(2);
      assertThat(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_PROTOBUF.getNumber())
          .isEqualTo(3);
      assertThat(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_FLATBUFFER.getNumber())
          .isEqualTo(4);
      assertThat(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_CBOR.getNumber()).isEqualTo(5);
      assertThat(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_MSGPACK.getNumber())
          .isEqualTo(6);
      assertThat(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_JSON.getNumber()).isEqualTo(7);

      assertThat(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_UNSPECIFIED.getNumber())
          .isZero();
      assertThat(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_PROTOBUF.getNumber())
          .isEqualTo(1);
      assertThat(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_FLATBUFFER.getNumber())
          .isEqualTo(2);
      assertThat(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_ROS1_MSG.getNumber())
          .isEqualTo(3);
      assertThat(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_ROS2_MSG.getNumber())
          .isEqualTo(4);
      assertThat(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_ROS2_IDL.getNumber())
          .isEqualTo(5);
      assertThat(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_OMG_IDL.getNumber())
          .isEqualTo(6);
      assertThat(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_JSON_SCHEMA.getNumber())
          .isEqualTo(7);

      assertThat(Encryption.Type.NONE.getNumber()).isZero();
      assertThat(Encryption.Type.GCM.getNumber()).isEqualTo(1);
      assertThat(Encryption.Type.CUSTOM.getNumber()).isEqualTo(2);
    }

    @Test
    void subscriberHandlesMap() throws InvalidProtocolBufferException {
      DataTrackSubscriberHandles handles =
          DataTrackSubscriberHandles.newBuilder()
              .putSubHandles(
                  5,
                  PublishedDataTrack.newBuilder()
                      .setPublisherIdentity("p")
                      .setPublisherSid("PA")
                      .setTrackSid("DT")
                      .build())
              .build();
      // sub_handles 1 -> entry {key 1 = 5, value 2 = {1 "p", 2 "PA", 3 "DT"}}
      assertThat(hexOf(handles))
          .isEqualTo("0a 0f 08 05 12 0b 0a 01 70 12 02 50 41 1a 02 44 54");
      DataTrackSubscriberHandles back = DataTrackSubscriberHandles.parseFrom(handles.toByteArray());
      assertThat(back.getSubHandlesMap()).containsOnlyKeys(5);
      assertThat(back.getSubHandlesOrThrow(5).getTrackSid()).isEqualTo("DT");
    }

    @Test
    void updateDataSubscription() throws InvalidProtocolBufferException {
      UpdateDataSubscription sub =
          UpdateDataSubscription.newBuilder()
              .addUpdates(
                  UpdateDataSubscription.Update.newBuilder()
                      .setTrackSid("T")
                      .setSubscribe(true)
                      .setOptions(DataTrackSubscriptionOptions.newBuilder().setTargetFps(0)))
              .build();
      // updates 1 -> {track_sid 1 "T", subscribe 2 = 1, options 3 = {target_fps 1 = 0}}
      // target_fps is `optional`, so an explicit 0 is still written.
      assertThat(hexOf(sub)).isEqualTo("0a 09 0a 01 54 10 01 1a 02 08 00");
      UpdateDataSubscription back = UpdateDataSubscription.parseFrom(sub.toByteArray());
      assertThat(back.getUpdates(0).getOptions().hasTargetFps()).isTrue();
      assertThat(back).isEqualTo(sub);

      assertThat(
              hexOf(
                  UpdateDataSubscription.Update.newBuilder()
                      .setOptions(DataTrackSubscriptionOptions.getDefaultInstance())
                      .build()))
          .isEqualTo("1a 00");
    }

    @Test
    void dataBlobs() throws InvalidProtocolBufferException {
      DataBlobKey generic = DataBlobKey.newBuilder().setGeneric("g").build();
      assertThat(hexOf(generic)).isEqualTo("0a 01 67");
      DataBlobKey schemaKey =
          DataBlobKey.newBuilder().setSchemaId(DataTrackSchemaId.newBuilder().setName("s")).build();
      assertThat(hexOf(schemaKey)).isEqualTo("12 03 0a 01 73");

      DataBlob blob =
          DataBlob.newBuilder().setKey(generic).setContents(ByteString.copyFrom(hex("ff"))).build();
      assertThat(hexOf(blob)).isEqualTo("0a 03 0a 01 67 12 01 ff");

      StoreDataBlobRequest store =
          StoreDataBlobRequest.newBuilder().setRequestId(3).setBlob(blob).build();
      assertThat(hexOf(store)).isEqualTo("08 03 12 08 0a 03 0a 01 67 12 01 ff");
      assertThat(hexOf(StoreDataBlobResponse.newBuilder().setRequestId(3).setKey(generic).build()))
          .isEqualTo("08 03 12 03 0a 01 67");

      GetDataBlobRequest get =
          GetDataBlobRequest.newBuilder()
              .setRequestId(4)
              .setParticipantIdentity("p")
              .setKey(generic)
              .build();
      assertThat(hexOf(get)).isEqualTo("08 04 12 01 70 1a 03 0a 01 67");
      assertThat(hexOf(GetDataBlobResponse.newBuilder().setRequestId(4).setBlob(blob).build()))
          .isEqualTo("08 04 12 08 0a 03 0a 01 67 12 01 ff");

      SignalRequest sr = SignalRequest.newBuilder().setStoreDataBlobRequest(store).build();
      assertThat(SignalRequest.parseFrom(sr.toByteArray())).isEqualTo(sr);
    }

    @Test
    void requestResponseReasonsAndEmbeddedRequests() throws InvalidProtocolBufferException {
      assertThat(RequestResponse.Reason.OK.getNumber()).isZero();
      assertThat(RequestResponse.Reason.NOT_FOUND.getNumber()).isEqualTo(1);
      assertThat(RequestResponse.Reason.NOT_ALLOWED.getNumber()).isEqualTo(2);
      assertThat(RequestResponse.Reason.LIMIT_EXCEEDED.getNumber()).isEqualTo(3);
      assertThat(RequestResponse.Reason.QUEUED.getNumber()).isEqualTo(4);
      assertThat(RequestResponse.Reason.UNSUPPORTED_TYPE.getNumber()).isEqualTo(5);
      assertThat(RequestResponse.Reason.UNCLASSIFIED_ERROR.getNumber()).isEqualTo(6);
      assertThat(RequestResponse.Reason.INVALID_HANDLE.getNumber()).isEqualTo(7);
      assertThat(RequestResponse.Reason.INVALID_NAME.getNumber()).isEqualTo(8);
      assertThat(RequestResponse.Reason.DUPLICATE_HANDLE.getNumber()).isEqualTo(9);
      assertThat(RequestResponse.Reason.DUPLICATE_NAME.getNumber()).isEqualTo(10);
      assertThat(RequestResponse.Reason.INVALID_REQUEST.getNumber()).isEqualTo(11);

      RequestResponse failed =
          RequestResponse.newBuilder()
              .setReason(RequestResponse.Reason.INVALID_REQUEST)
              .setMessage("m")
              .setPublishDataTrack(publishReq())
              .build();
      // reason 2 = 11, message 3 = "m", publish_data_track 10
      assertThat(hexOf(failed)).isEqualTo("10 0b 1a 01 6d 52 07 " + PUBLISH_REQ);
      RequestResponse unpub =
          RequestResponse.newBuilder()
              .setUnpublishDataTrack(UnpublishDataTrackRequest.newBuilder().setPubHandle(1))
              .build();
      assertThat(hexOf(unpub)).isEqualTo("5a 02 08 01");

      SignalResponse sr = SignalResponse.newBuilder().setRequestResponse(failed).build();
      assertThat(hexOf(sr)).startsWith("b2 01 0e 10 0b");
      RequestResponse back = SignalResponse.parseFrom(sr.toByteArray()).getRequestResponse();
      assertThat(back.getRequestCase()).isEqualTo(RequestResponse.RequestCase.PUBLISH_DATA_TRACK);
      assertThat(back.getPublishDataTrack().getPubHandle()).isEqualTo(1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Participants, sync state, join/leave/ping.
  // ---------------------------------------------------------------------------------------------

  @Nested
  class SessionMessages {

    @Test
    void participantInfoDataTracksAndCopiedClientFields() throws InvalidProtocolBufferException {
      ParticipantInfo p =
          ParticipantInfo.newBuilder()
              .addDataTracks(info())
              .setClientProtocol(2)
              .addCapabilities(ClientInfo.Capability.CAP_PACKET_TRAILER)
              .addCapabilities(ClientInfo.Capability.CAP_COMPRESSION_DEFLATE_RAW)
              .build();
      // data_tracks 19 (LEN), client_protocol 20 (varint), capabilities 21 (packed)
      assertThat(hexOf(p)).isEqualTo("9a 01 0c " + INFO + " a0 01 02 aa 01 02 01 02");
      assertThat(ParticipantInfo.parseFrom(p.toByteArray())).isEqualTo(p);

      ParticipantInfo head =
          ParticipantInfo.newBuilder()
              .setSid("P")
              .setIdentity("i")
              .setState(ParticipantInfo.State.ACTIVE)
              .setVersion(3)
              .setDisconnectReason(DisconnectReason.STATE_MISMATCH)
              .setJoinedAtMs(1)
              .build();
      assertThat(hexOf(head))
          .isEqualTo("0a 01 50 12 01 69 18 02 50 03 80 01 06 88 01 01");
    }

    @Test
    void syncStateDataTrackFields8And9() throws InvalidProtocolBufferException {
      SyncState s =
          SyncState.newBuilder()
              .addPublishDataTracks(PublishDataTrackResponse.newBuilder().setInfo(info()))
              .setDataSubscription(UpdateDataSubscription.getDefaultInstance())
              .build();
      assertThat(hexOf(s)).isEqualTo("42 0e 0a 0c " + INFO + " 4a 00");
      SignalRequest req = SignalRequest.newBuilder().setSyncState(s).build();
      assertThat(hexOf(req)).startsWith("62 12 42 0e");
      assertThat(SignalRequest.parseFrom(req.toByteArray()).getSyncState()).isEqualTo(s);

      SyncState withAnswer =
          SyncState.newBuilder()
              .setAnswer(SessionDescription.newBuilder().setId(1))
              .setOffer(SessionDescription.newBuilder().setId(2))
              .addDatachannelReceiveStates(
                  LivekitRtc.DataChannelReceiveState.newBuilder().setPublisherSid("P").setLastSeq(9))
              .build();
      assertThat(hexOf(withAnswer)).isEqualTo("0a 02 18 01 2a 02 18 02 3a 05 0a 01 50 10 09");
    }

    @Test
    void joinRequestAndWrapper() throws InvalidProtocolBufferException {
      JoinRequest join =
          JoinRequest.newBuilder()
              .setClientInfo(
                  ClientInfo.newBuilder()
                      .setProtocol(17)
                      .setClientProtocol(1)
                      .addCapabilities(ClientInfo.Capability.CAP_PACKET_TRAILER))
              .setConnectionSettings(
                  ConnectionSettings.newBuilder()
                      .setAutoSubscribe(true)
                      .setAutoSubscribeDataTrack(false))
              .setPublisherOffer(SessionDescription.newBuilder().setType("offer").setId(1))
              .setReconnect(true)
              .setReconnectReason(ReconnectReason.RR_SIGNAL_DISCONNECTED)
              .setParticipantSid("P")
              .setSyncState(SyncState.getDefaultInstance())
              .build();
      assertThat(hexOf(join))
          .isEqualTo(
              // client_info 1 {protocol 3 = 17, client_protocol 12 = 1, capabilities 13 = [1]}
              "0a 07 18 11 60 01 6a 01 01"
                  // connection_settings 2 {auto_subscribe 1, auto_subscribe_data_track 5 (optional)}
                  + " 12 04 08 01 28 00"
                  // publisher_offer 6 {type 1 "offer", id 3 = 1}
                  + " 32 09 0a 05 6f 66 66 65 72 18 01"
                  // reconnect 7, reconnect_reason 8, participant_sid 9, sync_state 10
                  + " 38 01 40 01 4a 01 50 52 00");
      JoinRequest back = JoinRequest.parseFrom(join.toByteArray());
      assertThat(back).isEqualTo(join);
      assertThat(back.getConnectionSettings().hasAutoSubscribeDataTrack()).isTrue();
      assertThat(back.getConnectionSettings().hasSubscriberAllowPause()).isFalse();

      ConnectionSettings cs =
          ConnectionSettings.newBuilder()
              .setAdaptiveStream(true)
              .setSubscriberAllowPause(true)
              .setDisableIceLite(true)
              .build();
      assertThat(hexOf(cs)).isEqualTo("10 01 18 01 20 01");

      WrappedJoinRequest wrapped =
          WrappedJoinRequest.newBuilder()
              .setCompression(WrappedJoinRequest.Compression.GZIP)
              .setJoinRequest(ByteString.copyFrom(hex("aa bb")))
              .build();
      assertThat(hexOf(wrapped)).isEqualTo("08 01 12 02 aa bb");
      assertThat(WrappedJoinRequest.parseFrom(wrapped.toByteArray())).isEqualTo(wrapped);
    }

    @Test
    void joinAndReconnectResponse() throws InvalidProtocolBufferException {
      JoinResponse jr =
          JoinResponse.newBuilder()
              .setSubscriberPrimary(true)
              .setPingTimeout(15)
              .setPingInterval(5)
              .setServerInfo(ServerInfo.newBuilder().setVersion("1").setProtocol(17))
              .setFastPublish(true)
              .build();
      assertThat(hexOf(jr)).isEqualTo("30 01 50 0f 58 05 62 05 12 01 31 18 11 78 01");
      SignalResponse sr = SignalResponse.newBuilder().setJoin(jr).build();
      assertThat(hexOf(sr)).startsWith("0a 0f 30 01");
      assertThat(SignalResponse.parseFrom(sr.toByteArray()).getJoin()).isEqualTo(jr);

      ReconnectResponse rr = ReconnectResponse.newBuilder().setLastMessageSeq(7).build();
      assertThat(hexOf(rr)).isEqualTo("20 07");
    }

    @Test
    void sdpAndTrickle() throws InvalidProtocolBufferException {
      SessionDescription sd =
          SessionDescription.newBuilder()
              .setType("answer")
              .setSdp("v")
              .setId(2)
              .putMidToTrackId("0", "T")
              .build();
      assertThat(hexOf(sd))
          .isEqualTo("0a 06 61 6e 73 77 65 72 12 01 76 18 02 22 06 0a 01 30 12 01 54");

      TrickleRequest t =
          TrickleRequest.newBuilder()
              .setCandidateInit("{}")
              .setTarget(SignalTarget.SUBSCRIBER)
              .setFinal(true)
              .build();
      assertThat(hexOf(t)).isEqualTo("0a 02 7b 7d 10 01 18 01");
      assertThat(TrickleRequest.parseFrom(t.toByteArray())).isEqualTo(t);
    }

    @Test
    void leave() throws InvalidProtocolBufferException {
      LeaveRequest l =
          LeaveRequest.newBuilder()
              .setCanReconnect(true)
              .setReason(DisconnectReason.STATE_MISMATCH)
              .setAction(LeaveRequest.Action.RECONNECT)
              .setRegions(LivekitRtc.RegionSettings.getDefaultInstance())
              .build();
      assertThat(hexOf(l)).isEqualTo("08 01 10 06 18 02 22 00");
      assertThat(hexOf(SignalRequest.newBuilder().setLeave(l).build()))
          .isEqualTo("42 08 08 01 10 06 18 02 22 00");
      assertThat(LeaveRequest.parseFrom(l.toByteArray())).isEqualTo(l);

      assertThat(LeaveRequest.Action.DISCONNECT.getNumber()).isZero();
      assertThat(LeaveRequest.Action.RESUME.getNumber()).isEqualTo(1);
      assertThat(DisconnectReason.CLIENT_INITIATED.getNumber()).isEqualTo(1);
      assertThat(DisconnectReason.AGENT_ERROR.getNumber()).isEqualTo(16);
    }

    @Test
    void pingPong() throws InvalidProtocolBufferException {
      Ping ping = Ping.newBuilder().setTimestamp(1).setRtt(2).build();
      assertThat(hexOf(SignalRequest.newBuilder().setPingReq(ping).build()))
          .isEqualTo("82 01 04 08 01 10 02");
      assertThat(hexOf(SignalRequest.newBuilder().setPing(300).build())).isEqualTo("70 ac 02");

      Pong pong = Pong.newBuilder().setLastPingTimestamp(1).setTimestamp(2).build();
      assertThat(hexOf(SignalResponse.newBuilder().setPongResp(pong).build()))
          .isEqualTo("a2 01 04 08 01 10 02");
      assertThat(hexOf(SignalResponse.newBuilder().setPong(300).build())).isEqualTo("90 01 ac 02");
      assertThat(SignalResponse.parseFrom(hex("a2 01 04 08 01 10 02")).getPongResp())
          .isEqualTo(pong);
    }

    @Test
    void dataPacketFields() throws InvalidProtocolBufferException {
      DataPacket dp =
          DataPacket.newBuilder()
              .setKind(DataPacket.Kind.LOSSY)
              .setUser(UserPacket.newBuilder().setPayload(ByteString.copyFrom(hex("01"))))
              .setParticipantIdentity("i")
              .addDestinationIdentities("d")
              .setSequence(1)
              .setParticipantSid("P")
              .build();
      assertThat(hexOf(dp))
          .isEqualTo("08 01 12 03 12 01 01 22 01 69 2a 01 64 80 01 01 8a 01 01 50");
      assertThat(DataPacket.parseFrom(dp.toByteArray())).isEqualTo(dp);

      assertThat(
              hexOf(
                  DataPacket.newBuilder()
                      .setEncryptedPacket(EncryptedPacket.getDefaultInstance())
                      .build()))
          .isEqualTo("92 01 00");
      assertThat(hexOf(DataPacket.newBuilder().setMetrics(MetricsBatch.getDefaultInstance()).build()))
          .isEqualTo("42 00");
      assertThat(
              hexOf(
                  DataPacket.newBuilder()
                      .setStreamHeader(LivekitModels.DataStream.Header.getDefaultInstance())
                      .build()))
          .isEqualTo("6a 00");
      assertThat(
              hexOf(
                  LivekitModels.DataStream.Header.newBuilder()
                      .setInlineContent(ByteString.EMPTY)
                      .setCompression(LivekitModels.DataStream.CompressionType.DEFLATE_RAW)
                      .build()))
          .isEqualTo("5a 00 60 01");
    }

    @Test
    void upstreamFullNames() {
      // The proto package is `livekit`, as upstream: matters for JSON / Any type URLs.
      assertThat(SignalRequest.getDescriptor().getFullName()).isEqualTo("livekit.SignalRequest");
      assertThat(DataTrackInfo.getDescriptor().getFullName()).isEqualTo("livekit.DataTrackInfo");
      assertThat(PublishedDataTrack.getDescriptor().getFullName())
          .isEqualTo("livekit.DataTrackSubscriberHandles.PublishedDataTrack");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Subset interop: fields we do not define are kept and forwarded unchanged.
  // ---------------------------------------------------------------------------------------------

  @Nested
  class UnknownFields {

    private byte[] withExtraField(Message known, int field, byte[] payload) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(known.toByteArray());
      CodedOutputStream cos = CodedOutputStream.newInstance(out);
      cos.writeByteArray(field, payload);
      cos.flush();
      return out.toByteArray();
    }

    @Test
    void unknownFieldIsKeptAndReserialised() throws IOException {
      byte[] wire = withExtraField(publishReq(), 99, hex("de ad"));
      PublishDataTrackRequest parsed = PublishDataTrackRequest.parseFrom(wire);

      assertThat(parsed.getPubHandle()).isEqualTo(1);
      UnknownFieldSet unknown = parsed.getUnknownFields();
      assertThat(unknown.hasField(99)).isTrue();
      assertThat(unknown.getField(99).getLengthDelimitedList())
          .containsExactly(ByteString.copyFrom(hex("de ad")));
      assertThat(parsed.toByteArray()).isEqualTo(wire);
    }

    @Test
    void unknownSignalVariantParsesAsNotSet() throws IOException {
      // A future SignalResponse variant (field 40) must not break parsing.
      byte[] wire = hex("c2 02 01 00");
      SignalResponse parsed = SignalResponse.parseFrom(wire);
      assertThat(parsed.getMessageCase()).isEqualTo(SignalResponse.MessageCase.MESSAGE_NOT_SET);
      assertThat(parsed.getUnknownFields().hasField(40)).isTrue();
      assertThat(parsed.toByteArray()).isEqualTo(wire);
    }

    @Test
    void nestedUnknownFieldSurvivesForwarding() throws IOException {
      // e.g. a newer UserPacket field inside a DataPacket that the SFU re-serialises.
      byte[] user = withExtraField(UserPacket.newBuilder().setPayload(ByteString.copyFrom(hex("01"))).build(), 50, hex("07"));
      byte[] packet = DataPacket.newBuilder()
          .setUser(UserPacket.parseFrom(user))
          .setSequence(4)
          .build()
          .toByteArray();

      DataPacket parsed = DataPacket.parseFrom(packet);
      DataPacket forwarded = parsed.toBuilder().setParticipantSid("PA_x").build();
      DataPacket received = DataPacket.parseFrom(forwarded.toByteArray());
      assertThat(received.getUser().getUnknownFields().hasField(50)).isTrue();
      assertThat(received.getSequence()).isEqualTo(4);
      assertThat(received.getParticipantSid()).isEqualTo("PA_x");
    }

    @Test
    void unknownEnumValueIsKeptAsRawNumber() throws InvalidProtocolBufferException {
      // DataTrackInfo.encryption = 9 (not defined today)
      byte[] wire = hex("08 01 20 09");
      DataTrackInfo parsed = DataTrackInfo.parseFrom(wire);
      assertThat(parsed.getEncryption()).isEqualTo(Encryption.Type.UNRECOGNIZED);
      assertThat(parsed.getEncryptionValue()).isEqualTo(9);
      assertThat(parsed.toByteArray()).isEqualTo(wire);

      // RequestResponse.reason past our enum
      RequestResponse rr = RequestResponse.parseFrom(hex("10 0c"));
      assertThat(rr.getReasonValue()).isEqualTo(12);
      assertThat(rr.getReason()).isEqualTo(RequestResponse.Reason.UNRECOGNIZED);
    }
  }
}
