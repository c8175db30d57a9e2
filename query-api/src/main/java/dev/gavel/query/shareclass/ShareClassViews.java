package dev.gavel.query.shareclass;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** The JSON shape of the share-class endpoints. */
public final class ShareClassViews {

    private ShareClassViews() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ShareClass(String code, String name, long authorized, long issued, long remaining, long certificates) {

        static ShareClass of(ShareClassDoc doc, ShareClassState.Counters counters) {
            return new ShareClass(doc.id(), doc.name(), doc.authorized(), counters.issued(),
                    doc.authorized() - counters.issued(), counters.certificates());
        }
    }
}
