package dev.gavel.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One logical write of the fault suite, after all its attempts with one Idempotency-Key: what was asked,
 * when, every answer seen (in order) and the outcome the client may rely on.
 *
 * @param target the item of a bid or impression, the share class of a certificate
 * @param amount a bid's amount in plain decimal, a certificate's number of shares, null for an impression
 * @param stakeholder a certificate's stakeholder (unique per write, so it identifies the grant), else null
 * @param answers each attempt's status, or the client-side error (reset, timeout), in order
 * @param acknowledged the 2xx body when the outcome is {@link Outcome#OK}, else null
 */
record WriteRecord(Kind kind, int client, String key, String target, String user, String amount, String stakeholder,
                   Instant start, Instant end, Outcome outcome, String answers, JsonNode acknowledged) {

    enum Kind { BID, IMPRESSION, CERTIFICATE }

    /**
     * OK: a 2xx. FAILED: a definite refusal (a 4xx, or only 503 "not recorded" answers until the retries ran out),
     * so the write must not be anywhere. UNKNOWN: some attempt may have reached the store and none said which.
     */
    enum Outcome { OK, FAILED, UNKNOWN }

    String describe() {
        return kind + " " + key + " (" + (kind == Kind.CERTIFICATE ? "class " : "item ") + target
                + (user == null ? "" : ", user " + user) + (amount == null ? "" : ", amount " + amount)
                + (stakeholder == null ? "" : ", stakeholder '" + stakeholder + "'") + ") sent " + start + " to " + end
                + ", answers [" + answers + "] -> " + outcome;
    }
}
