package dev.gavel.query.paging;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageTest {

    @Test
    void shouldReadOneRowMoreThanTheLimit() {
        assertEquals(3, Page.fetchSize(2));
    }

    @Test
    void shouldShowTheLimitAndPointTheCursorAtTheLastRowShownWhenTheExtraRowCame() {
        // when
        Page<String> page = Page.of(List.of("a", "b", "c"), 2);

        // then
        assertEquals(List.of("a", "b"), page.rows());
        assertTrue(page.more());
        assertEquals("b", Paging.decode(page.next(row -> row)));
    }

    @Test
    void shouldEndWithoutACursorWhenTheStoreHadNoRowPastTheLimit() {
        // when
        Page<String> full = Page.of(List.of("a", "b"), 2);
        Page<String> empty = Page.of(List.of(), 2);

        // then
        assertFalse(full.more());
        assertNull(full.next(row -> row));
        assertEquals(List.of(), empty.rows());
        assertNull(empty.next(row -> row));
    }

    @Test
    void shouldKeepTheCursorOfTheMappedRows() {
        // when
        Page<Integer> page = Page.of(List.of("1", "22", "333"), 2).map(String::length);

        // then
        assertEquals(List.of(1, 2), page.rows());
        assertEquals("2", Paging.decode(page.next(String::valueOf)));
    }
}
