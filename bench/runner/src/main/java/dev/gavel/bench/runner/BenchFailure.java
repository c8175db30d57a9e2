package dev.gavel.bench.runner;

/**
 * A run that cannot go on (a build, the stack or a reference server that did not come up): the
 * runner stops everything it started and exits non-zero with this one line.
 */
final class BenchFailure extends RuntimeException {

    BenchFailure(String message) {
        super(message);
    }

    BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
