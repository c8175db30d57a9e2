package dev.gavel.query.live;

import dev.gavel.query.support.TestStack;
import io.micronaut.http.sse.Event;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel another stream (the operations stream) feeds itself: only as far as asked, bounded, then dropped. */
class LiveOtherStreamTest {

    @Test
    void shouldHandOnOnlyWhatIsAskedAndDropASubscriberThatStopsAsking() {
        LiveHub hub = TestStack.get().context().getBean(LiveHub.class);
        int buffer = TestStack.get().context().getBean(LiveConfig.class).getBufferEvents();
        AtomicBoolean ended = new AtomicBoolean();
        LiveChannel channel = hub.subscribeOther(() -> ended.set(true));
        List<Event<String>> received = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        channel.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscription.set(s);
            }

            @Override
            public void onNext(Event<String> event) {
                received.add(event);
            }

            @Override
            public void onError(Throwable t) {
                failure.set(t);
            }

            @Override
            public void onComplete() {
            }
        });

        // when: two asked for (the first is the opening comment), then nothing more while events pile up
        subscription.get().request(2);
        channel.send(Event.of("{\"n\":1}").name("operations"));
        for (int i = 0; i <= buffer; i++) {
            channel.send(Event.of("{}").name("operations"));
        }

        // then
        assertEquals(2, received.size());
        assertEquals("{\"n\":1}", received.get(1).getData());
        assertInstanceOf(LiveChannel.Dropped.class, failure.get());
        assertTrue(ended.get());
        assertFalse(channel.open());
    }
}
