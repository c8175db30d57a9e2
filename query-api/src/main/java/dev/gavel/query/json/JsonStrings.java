package dev.gavel.query.json;

import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * A text field of a request body that takes only a JSON string. Micronaut Serde turns a number or a
 * boolean given for a {@code String} into its literal text, so {@code {"title": 1e2147483648}} would
 * create an item titled "1e2147483648" and {@code {"password": 12345}} would set a password: a client
 * that sent the wrong type gets a 400 instead. Used with {@code @Serdeable.Deserializable(using = ...)}
 * on each text component of the request records.
 */
@Singleton
public final class JsonStrings implements Deserializer<String> {

    @Override
    public String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type) throws IOException {
        JsonNode node = decoder.decodeNode();
        if (!node.isString()) {
            throw decoder.createDeserializationException(
                    "'" + type.getName() + "' must be a JSON string", null);
        }
        return node.getStringValue();
    }

    @Override
    public String deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super String> type)
            throws IOException {
        return decoder.decodeNull() ? null : deserialize(decoder, context, type);
    }
}
