package dev.gavel.query.live;

import java.util.List;

/**
 * Receives every entry of every partition's event stream once per query-api instance, in stream order
 * within a partition. Called on the stream reader's thread: an implementation must not block.
 */
public interface LiveListener {

    void onEvents(List<LiveEvent> events);
}
