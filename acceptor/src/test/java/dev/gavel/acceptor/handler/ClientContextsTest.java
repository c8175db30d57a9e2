package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gavel.acceptor.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientContextsTest {

    @Test
    void shouldTreatAMissingValueAsEmpty() {
        assertEquals("", ClientContexts.checked("X-Platform", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "iOS 17.2 (iPhone15,3)", " ", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./",
            "12345678901234567890123456789012"})
    void shouldAcceptUpToThirtyTwoPrintableCharacters(String value) {
        assertEquals(value, ClientContexts.checked("X-SDK-Version", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789012345678901234567890123", "tab\there", "new\nline", "nul\u0000", "del\u007f",
            "caf\u00e9"})
    void shouldRespondWithBadRequestWhenAValueIsTooLongOrNotPrintable(String value) {
        ApiException failure = assertThrows(ApiException.class, () -> ClientContexts.checked("X-Country", value));

        assertEquals(400, failure.status());
    }
}
