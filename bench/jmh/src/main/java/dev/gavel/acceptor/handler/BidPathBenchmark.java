package dev.gavel.acceptor.handler;

import dev.gavel.acceptor.store.BidOutcome;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The CPU-only steps of a bid around the Redis call: read and validate the request, encode the answer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BidPathBenchmark {

    private final Buffer body = Buffer.buffer("{\"amount\": 1234.56}");
    private final BidOutcome.Accepted accepted = new BidOutcome.Accepted(123_456L, true);

    @Benchmark
    public long parseAndValidateBody() {
        BidRequest.itemId("bench-item-42");
        return BidRequest.amountCents(body, "application/json");
    }

    @Benchmark
    public String encodeResponse() {
        return PlaceBidHandler.body("bench-item-42", "bench-user-17", 123_456L, 1_795_444_860_123_456L, accepted);
    }
}
