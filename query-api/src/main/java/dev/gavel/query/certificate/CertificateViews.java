package dev.gavel.query.certificate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** The JSON shapes of the certificate reads. */
public final class CertificateViews {

    private CertificateViews() {
    }

    /** The fields of the acceptor's 201, in its order, then the number and who issued it. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Certificate(String certId, String stakeholder, String company, @JsonProperty("class") String shareClass,
                              long amount, String issuedAt, long number, String issuedBy) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CertificatePage(List<Certificate> certificates, @Nullable String next) {
    }
}
