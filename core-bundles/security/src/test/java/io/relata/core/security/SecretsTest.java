package io.relata.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void theHashIsSha256InLowerCaseHex() {
        // FIPS 180-2's test vectors
        assertThat(Secrets.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Secrets.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void requestsHashingAtTheSameTimeDoNotShareADigest() throws Exception {
        List<String> secrets = IntStream.range(0, 2_000).mapToObj(i -> Secrets.random("rlt_")).toList();
        List<String> alone = secrets.stream().map(Secrets::sha256).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> together = secrets.stream().map(secret -> pool.submit(() -> Secrets.sha256(secret)))
                    .toList();
            for (int i = 0; i < secrets.size(); i++) {
                assertThat(together.get(i).get()).isEqualTo(alone.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
