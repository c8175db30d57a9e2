package dev.gavel.query.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list read the limit + 1 way: a reader asks its store for {@link #fetchSize} rows, and
 * the row past the limit is never shown, it only says that another page follows. The next cursor is
 * then made from the last row shown, so a page never ends with a cursor that leads to an empty page.
 */
public record Page<T>(List<T> rows, boolean more) {

    public Page {
        rows = List.copyOf(rows);
    }

    /** How many rows to read for a page of {@code limit}. */
    public static int fetchSize(int limit) {
        return limit + 1;
    }

    /** The first {@code limit} of the rows read; more when the store had a row beyond them. */
    public static <T> Page<T> of(List<T> fetched, int limit) {
        return new Page<>(fetched.subList(0, Math.min(limit, fetched.size())), fetched.size() > limit);
    }

    public <R> Page<R> map(Function<? super T, ? extends R> view) {
        return new Page<>(rows.stream().<R>map(view).toList(), more);
    }

    /** The cursor after the last row shown (encoded from its text), or null on the last page. */
    public String next(Function<? super T, String> cursorText) {
        return more ? Paging.encode(cursorText.apply(rows.get(rows.size() - 1))) : null;
    }
}
