package dev.gavel.acceptor.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Objects;

/** Issues one certificate with one run of certificate.lua on the class's partition. */
public final class CertificateStore {

    private final ScriptRunner scripts;
    private final Script certificateScript;
    private final Script idempotentCertificateScript;
    private final Keys keys;

    public CertificateStore(ScriptRunner scripts, Script certificateScript, Keys keys) {
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        this.certificateScript = Objects.requireNonNull(certificateScript, "certificateScript");
        this.idempotentCertificateScript = certificateScript.idempotent();
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** Issues {@code amount} shares of the class to the stakeholder, once per Idempotency-Key (none: null). */
    public Future<CertificateOutcome> issue(String shareClass, String stakeholder, long amount, String user,
                                           long tsMicros, String company, IdempotencyKey key) {
        List<String> args = List.of(shareClass, stakeholder, Long.toString(amount), user, Long.toString(tsMicros), company);
        return scripts.write(certificateScript, idempotentCertificateScript,
                        keys.certificateScriptKeys(shareClass, stakeholder), args, keys.idempotency(shareClass, user, key))
                .map(written -> outcome(written.reply(), written.args()));
    }

    private static CertificateOutcome outcome(Response reply, List<String> args) {
        String status = reply.get(0).toString();
        switch (status) {
            case "ok":
                return new CertificateOutcome.Issued(reply.get(1).toLong(), Long.parseLong(args.get(4)), args.get(5));
            case "not_found":
                return new CertificateOutcome.NotFound();
            case "denied":
                return new CertificateOutcome.Denied(reply.get(1).toLong());
            default:
                throw new IllegalStateException("certificate.lua answered an unknown status: " + status);
        }
    }
}
