package dev.gavel.acceptor.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gavel.acceptor.http.ApiException;
import dev.gavel.acceptor.support.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasicCredentialsTest {

    @Test
    void shouldSplitAtTheFirstColonSoPasswordsMayContainColons() {
        // when
        BasicCredentials credentials = BasicCredentials.parse(TestData.basic("john", "a:b"));

        // then
        assertEquals("john", credentials.username());
        assertEquals("a:b", credentials.password());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer abc", "Basic", "Basic !!!", "Basic am9obg==", "Basic e2F9OnB3"})
    void shouldRespondWithUnauthorizedWhenTheHeaderIsUnusable(String header) {
        // when
        ApiException failure = assertThrows(ApiException.class, () -> BasicCredentials.parse(header));

        // then
        assertEquals(401, failure.status());
    }
}
