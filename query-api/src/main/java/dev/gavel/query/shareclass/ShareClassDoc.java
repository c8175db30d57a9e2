package dev.gavel.query.shareclass;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import org.bson.BsonType;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.bson.codecs.pojo.annotations.BsonRepresentation;

/** A share class in MongoDB's {@code share_classes} collection, keyed by its code. */
@MappedEntity("share_classes")
public record ShareClassDoc(
        @Id @BsonId @BsonRepresentation(BsonType.STRING) String id,
        String name,
        long authorized,
        @MappedProperty("created_at_us") @BsonProperty("created_at_us") long createdAtUs) {
}
