package dev.gavel.query.store;

import dev.gavel.query.error.ApiException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MirroredSaveTest {

    private final List<String> steps = new ArrayList<>();

    @Test
    void shouldSaveThenMirrorAndUndoNothingWhenBothLand() {
        // when
        MirroredSave.create("item", "i1", () -> steps.add("save"), () -> ApiException.conflict("taken"),
                () -> steps.add("mirror"), () -> steps.add("undo"));

        // then
        assertEquals(List.of("save", "mirror"), steps);
    }

    @Test
    void shouldUndoTheSaveAndAnswer503WhenRedisWasNotReached() {
        // when
        ApiException failure = assertThrows(ApiException.class, () -> create(new RedisConnectionException("refused")));

        // then
        assertEquals(List.of("save", "undo"), steps);
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, failure.status());
        assertEquals("redis is unavailable; the item was not created", failure.getMessage());
    }

    @Test
    void shouldUndoTheSaveAndAnswer504WhenTheMirrorWriteMayHaveLanded() {
        // when
        ApiException failure = assertThrows(ApiException.class, () -> create(new RedisCommandTimeoutException("slow")));

        // then
        assertEquals(List.of("save", "undo"), steps);
        assertEquals(HttpStatus.GATEWAY_TIMEOUT, failure.status());
    }

    @Test
    void shouldPassAFailureThatIsNotRedisThroughAfterTheUndo() {
        // given
        ApiException refused = ApiException.unavailable("redis is unavailable; the user was not created", null);

        // when
        ApiException failure = assertThrows(ApiException.class, () -> create(refused));

        // then
        assertEquals(List.of("save", "undo"), steps);
        assertSame(refused, failure);
    }

    @Test
    void shouldUndoAChangeAndPassTheRefusalOnWhenTheMirrorRefusesIt() {
        // given
        ApiException refused = ApiException.conflict("item 'i1' has bids");

        // when
        ApiException failure = assertThrows(ApiException.class, () -> MirroredSave.change("item", "i1",
                () -> steps.add("save"), () -> {
                    throw refused;
                }, () -> steps.add("undo")));

        // then
        assertEquals(List.of("save", "undo"), steps);
        assertSame(refused, failure);
    }

    @Test
    void shouldUndoAChangeAndAnswer503WhenRedisWasNotReached() {
        // when
        ApiException failure = assertThrows(ApiException.class, () -> MirroredSave.change("item", "i1",
                () -> steps.add("save"), () -> {
                    throw new RedisConnectionException("refused");
                }, () -> steps.add("undo")));

        // then
        assertEquals(List.of("save", "undo"), steps);
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, failure.status());
        assertEquals("redis is unavailable; the item was not changed", failure.getMessage());
    }

    private void create(RuntimeException mirrorFailure) {
        MirroredSave.create("item", "i1", () -> steps.add("save"), () -> ApiException.conflict("taken"), () -> {
            throw mirrorFailure;
        }, () -> steps.add("undo"));
    }
}
