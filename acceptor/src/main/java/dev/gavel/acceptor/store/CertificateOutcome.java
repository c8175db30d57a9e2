package dev.gavel.acceptor.store;

/** What certificate.lua answered: a certificate issued (or replayed), or why not. */
public sealed interface CertificateOutcome {

    /**
     * Certificate {@code number} of its class, issued at {@code tsMicros} in the name of {@code company};
     * on an Idempotency-Key replay all of it is the first request's.
     */
    record Issued(long number, long tsMicros, String company) implements CertificateOutcome {
    }

    record NotFound() implements CertificateOutcome {
    }

    /** The class has fewer shares left than asked: nothing was issued. */
    record Denied(long remaining) implements CertificateOutcome {
    }
}
