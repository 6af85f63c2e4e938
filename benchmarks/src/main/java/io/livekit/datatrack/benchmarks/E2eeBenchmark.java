package io.livekit.datatrack.benchmarks;

import io.livekit.datatrack.e2ee.DecryptionProvider;
import io.livekit.datatrack.e2ee.EncryptedPayload;
import io.livekit.datatrack.e2ee.EncryptionProvider;
import io.livekit.datatrack.e2ee.KeyProvider;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frame encryption and decryption through our key provider against a same-run baseline: raw JCA
 * AES-128-GCM on the same bytes with a cached {@link Cipher} re-initialised per frame (a fresh IV
 * each time, as GCM requires). Target: ours ≥ 90 % of the baseline's throughput.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class E2eeBenchmark {
    @Param({"1024", "65536", "1048576"})
    int size;

    private byte[] plaintext;
    private EncryptionProvider encryption;
    private DecryptionProvider decryption;
    private EncryptedPayload encrypted;

    private Cipher cipher;
    private SecretKey rawKey;
    private final byte[] iv = new byte[12];
    private byte[] rawCiphertext;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        plaintext = new byte[size];
        new SecureRandom().nextBytes(plaintext);
        KeyProvider keys = KeyProvider.withSharedPassphrase("benchmark passphrase");
        encryption = keys.encryptionProvider("bench");
        decryption = keys.decryptionProvider();
        encrypted = encryption.encrypt(plaintext);

        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        rawKey = new SecretKeySpec(key, "AES");
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, iv));
        rawCiphertext = cipher.doFinal(plaintext);
    }

    private void nextIv() {
        ByteBuffer.wrap(iv).putLong(4, ++counter);
    }

    /** Baseline: raw JCA AES-GCM encryption of the same bytes. */
    @Benchmark
    public byte[] baselineJcaEncrypt() throws Exception {
        nextIv();
        cipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, iv));
        return cipher.doFinal(plaintext);
    }

    /** Baseline: raw JCA AES-GCM decryption of the same bytes. */
    @Benchmark
    public byte[] baselineJcaDecrypt() throws Exception {
        cipher.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(128, new byte[12]));
        return cipher.doFinal(rawCiphertext);
    }

    /** Ours: the key provider's encryption (IV generation, key lookup, AES-GCM). */
    @Benchmark
    public EncryptedPayload encrypt() throws Exception {
        return encryption.encrypt(plaintext);
    }

    /** Ours: the key provider's decryption (key lookup by sender and index, AES-GCM). */
    @Benchmark
    public byte[] decrypt() throws Exception {
        return decryption.decrypt(encrypted, "bench");
    }
}
