package dev.gavel.query.error;


/** The message of an error body: one line for a human (the code comes from the contract's ErrorCodes). */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    /** Error messages are one line for a human: no newlines, bounded length. */
    public static String oneLine(String message) {
        String line = message == null ? "" : message.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }
}
