package dev.gavel.acceptor.store;

/**
 * Redis answered a command with an error reply that is not an outage (a script error, WRONGTYPE): a
 * bug, answered 500. {@link RedisStore} logs the first one per command and error code and counts all.
 * No stack trace is captured: the command and the reply say what happened.
 */
public final class RedisCommandFailedException extends RuntimeException {

    private final String command;
    private final String code;

    public RedisCommandFailedException(String command, String code, String reply) {
        super(command + ": " + reply, null, false, false);
        this.command = command;
        this.code = code;
    }

    public String command() {
        return command;
    }

    public String code() {
        return code;
    }
}
