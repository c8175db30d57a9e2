package dev.gavel.bench.runner;

/** A command line bench/run cannot run: the message says why, and the usage follows it. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
