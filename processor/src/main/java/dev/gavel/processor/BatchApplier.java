package dev.gavel.processor;

import dev.gavel.processor.archive.ArchiveWriter;
import dev.gavel.processor.archive.EventParser;
import dev.gavel.processor.stream.Batch;
import dev.gavel.processor.stream.ConsumerGroup;
import dev.gavel.processor.stream.DeadLetters;
import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies one batch: read, apply idempotently, make durable, acknowledge. The valid entries of every
 * partition go to MongoDB together ({@link ArchiveWriter}: one bulk write of events and one of items,
 * idempotent by event id); invalid ones go to their dead-letter stream; only then is the batch
 * acknowledged, pipelined. Nothing is acknowledged (and so nothing trimmed) before MongoDB has made it
 * durable: the writes use a journaled write concern, and the embedded MongoDB syncs each write to disk
 * before its reply. A crash anywhere before the acknowledgement leaves the batch pending, to be applied
 * again by this consumer or claimed by another, which changes nothing.
 */
final class BatchApplier {

    /** Called after a batch is durable and before it is acknowledged (a test stops a "killed" processor here). */
    interface Checkpoint {
        Checkpoint NONE = (partition, entries) -> { };

        void beforeAck(int partition, List<StreamMessage<String, String>> entries);
    }

    private final ConsumerGroup group;
    private final DeadLetters deadLetters;
    private final ArchiveWriter archive;
    private final Checkpoint checkpoint;
    private final Counter archived;

    BatchApplier(ConsumerGroup group, DeadLetters deadLetters, ArchiveWriter archive, Checkpoint checkpoint,
                 MeterRegistry meters) {
        this.group = group;
        this.deadLetters = deadLetters;
        this.archive = archive;
        this.checkpoint = checkpoint;
        this.archived = Counter.builder("gavel.archive.events").description("events archived into MongoDB")
                .register(meters);
    }

    void apply(Batch batch) {
        List<Document> events = new ArrayList<>(batch.size());
        List<List<String>> acks = new ArrayList<>(batch.partitions());
        for (int p = 0; p < batch.partitions(); p++) {
            List<String> ids = new ArrayList<>(batch.entries(p).size());
            for (StreamMessage<String, String> entry : batch.entries(p)) {
                if (entry.getBody() == null || entry.getBody().isEmpty()) {
                    // Deleted from the stream after it was delivered (XDEL): nothing left to apply.
                    ids.add(entry.getId());
                    continue;
                }
                EventParser.Result parsed = EventParser.parse(entry.getBody());
                if (parsed.isValid()) {
                    events.add(parsed.event().append("partition", p).append("stream_id", entry.getId()));
                    ids.add(entry.getId());
                } else {
                    deadLetters.move(p, entry, parsed.reason());
                }
            }
            acks.add(ids);
        }
        archive.write(events);
        for (int p = 0; p < batch.partitions(); p++) {
            if (!batch.entries(p).isEmpty()) {
                checkpoint.beforeAck(p, batch.entries(p));
            }
        }
        group.acknowledge(acks);
        archived.increment(events.size());
    }
}
