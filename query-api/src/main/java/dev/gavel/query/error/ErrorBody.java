package dev.gavel.query.error;

import io.micronaut.serde.annotation.Serdeable;

/** The one error shape of the contract: {"error": "<code>", "message": "<one line>"}. */
@Serdeable
public record ErrorBody(String error, String message) {
}
