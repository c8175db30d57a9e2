package dev.gavel.query.user;

import io.micronaut.data.model.Pageable;
import io.micronaut.data.mongodb.annotation.MongoRepository;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

/** The users collection: only the finders query-api needs. */
@MongoRepository
public interface UserRepository extends CrudRepository<UserDoc, String> {

    Optional<UserDoc> findByUsername(String username);

    Optional<UserDoc> findByUsernameKey(String usernameKey);

    List<UserDoc> listOrderByUsername(Pageable pageable);

    List<UserDoc> findByUsernameGreaterThanOrderByUsername(String username, Pageable pageable);
}
