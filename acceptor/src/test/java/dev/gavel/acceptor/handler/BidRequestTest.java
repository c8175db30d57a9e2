package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gavel.acceptor.http.ApiException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BidRequestTest {

    private static final String JSON = "application/json";

    @Test
    void shouldBidZeroWhenThereIsNoBody() {
        // when / then
        assertEquals(0L, BidRequest.amountCents(null, null));
        assertEquals(0L, BidRequest.amountCents(Buffer.buffer(), JSON));
    }

    @Test
    void shouldBidZeroWhenTheBodyHasNoAmount() {
        // when / then
        assertEquals(0L, BidRequest.amountCents(Buffer.buffer("{}"), JSON));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"amount\": 0}|0",
        "{\"amount\": 12.5}|1250",
        "{\"amount\": \"12.50\"}|1250",
        "{\"amount\": 12.500}|1250",
        "{\"amount\": 1000000000000}|100000000000000",
        "{\"amount\": 1000000000000.00}|100000000000000",
        "{\"amount\": 0.01}|1",
        "{\"amount\": 1e2}|10000"
    })
    void shouldReadTheAmountExactlyInCents(String body, long cents) {
        // when / then
        assertEquals(cents, BidRequest.amountCents(Buffer.buffer(body), JSON));
    }

    @Test
    void shouldAcceptJsonWithACharsetParameter() {
        // when / then
        assertEquals(1250L, BidRequest.amountCents(Buffer.buffer("{\"amount\":12.5}"), "application/json; charset=utf-8"));
    }

    @Test
    void shouldAcceptABodyWithoutContentType() {
        // when / then
        assertEquals(1250L, BidRequest.amountCents(Buffer.buffer("{\"amount\":12.5}"), null));
    }

    @Test
    void shouldRespondWithBadRequestWhenAmountIsNegative() {
        assertBadRequest("{\"amount\": -1}", "amount must not be negative");
    }

    @Test
    void shouldRespondWithBadRequestWhenAmountHasThreeDecimals() {
        assertBadRequest("{\"amount\": 12.345}", "amount must have at most 2 decimal places");
    }

    @Test
    void shouldRespondWithBadRequestWhenAmountStringHasThreeDecimals() {
        assertBadRequest("{\"amount\": \"12.345\"}", "amount must have at most 2 decimal places");
    }

    @Test
    void shouldRespondWithBadRequestWhenAmountIsOverTheMaximum() {
        assertBadRequest("{\"amount\": 1000000000000.01}", "amount must be at most 1000000000000");
    }

    @Test
    void shouldRespondWithBadRequestWhenAmountIsAWord() {
        assertBadRequest("{\"amount\": \"abc\"}", "amount as a string must be a plain decimal such as \"12.50\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"-5\"", "\"1e3\"", "\" 12\"", "\"12.\"", "\"\""})
    void shouldRespondWithBadRequestWhenAmountStringIsNotAPlainDecimal(String amount) {
        assertBadRequest("{\"amount\": " + amount + "}", "amount as a string must be a plain decimal such as \"12.50\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "null", "[]", "{}", "[1]"})
    void shouldRespondWithBadRequestWhenAmountIsNotANumber(String amount) {
        assertBadRequest("{\"amount\": " + amount + "}", "amount must be a number or a numeric string");
    }

    @Test
    void shouldRespondWithBadRequestWhenAFieldIsUnknown() {
        assertBadRequest("{\"ammount\": 12}", "unknown field 'ammount'; the fields are 'amount' and 'max_amount'");
    }

    @Test
    void shouldRespondWithBadRequestWhenAmountIsGivenTwice() {
        assertBadRequest("{\"amount\": 1, \"amount\": 2}", "amount is given more than once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "[]", "\"x\"", "null"})
    void shouldRespondWithBadRequestWhenTheBodyIsNotAnObject(String body) {
        assertBadRequest(body, "the body must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"amount\": 1", "{amount: 1}", "{\"amount\": NaN}"})
    void shouldRespondWithBadRequestWhenTheBodyIsNotJson(String body) {
        assertBadRequest(body, "the body is not valid JSON");
    }

    @Test
    void shouldRespondWithBadRequestWhenSomethingFollowsTheObject() {
        assertBadRequest("{\"amount\": 1} {}", "the body must hold exactly one JSON object");
    }

    @Test
    void shouldRespondWithUnsupportedMediaTypeWhenTheBodyIsNotJson() {
        // when
        ApiException failure = assertThrows(ApiException.class,
                () -> BidRequest.amountCents(Buffer.buffer("amount=12"), "application/x-www-form-urlencoded"));

        // then
        assertEquals(415, failure.status());
        assertEquals("unsupported_media_type", failure.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"999", "item-1", "a.b_c", "x"})
    void shouldAcceptAValidItemId(String item) {
        assertEquals(item, BidRequest.itemId(item));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "{p1}", "a:b", "a|b",
        "12345678901234567890123456789012345678901234567890123456789012345"})
    void shouldRespondWithBadRequestWhenTheItemIdIsInvalid(String item) {
        // when
        ApiException failure = assertThrows(ApiException.class, () -> BidRequest.itemId(item));

        // then
        assertEquals(400, failure.status());
    }

    private static void assertBadRequest(String body, String message) {
        // when
        ApiException failure = assertThrows(ApiException.class, () -> BidRequest.amountCents(Buffer.buffer(body), JSON));

        // then
        assertEquals(400, failure.status());
        assertEquals("bad_request", failure.code());
        assertEquals(message, failure.getMessage());
    }
}
