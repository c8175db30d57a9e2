package dev.gavel.query.shareclass;

import io.micronaut.data.mongodb.annotation.MongoRepository;
import io.micronaut.data.repository.CrudRepository;

/** The share_classes collection. */
@MongoRepository
public interface ShareClassRepository extends CrudRepository<ShareClassDoc, String> {
}
