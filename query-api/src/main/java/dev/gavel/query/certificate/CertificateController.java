package dev.gavel.query.certificate;

import dev.gavel.query.error.ApiException;
import dev.gavel.query.paging.Paging;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** GET /certificates/{cert_id} and GET /certificates?class=CS[&stakeholder=...], read from Redis. */
@Controller("/certificates")
@ExecuteOn(TaskExecutors.BLOCKING)
public class CertificateController {

    private final CertificateReader certificates;

    public CertificateController(CertificateReader certificates) {
        this.certificates = certificates;
    }

    @Get("/{certId}")
    public CertificateViews.Certificate get(String certId) {
        return certificates.find(certId)
                .orElseThrow(() -> ApiException.notFound("certificate '" + certId + "' was not found"));
    }

    @Get
    public CertificateViews.CertificatePage list(@Nullable @QueryValue("class") String shareClass,
                                                 @Nullable @QueryValue String stakeholder,
                                                 @Nullable @QueryValue String limit,
                                                 @Nullable @QueryValue String after) {
        if (shareClass == null) {
            throw ApiException.badRequest("the class query parameter is required, e.g. /certificates?class=CS");
        }
        return certificates.list(shareClass, stakeholder, Paging.limit(limit), after);
    }
}
