package dev.gavel.query.pages;

import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagesTest {

    private final TestStack stack = TestStack.get();

    @Test
    void shouldServeTheAuctionRoomAsHtml() {
        // when
        Response room = stack.get("/");

        // then
        assertEquals(200, room.status(), room.toString());
        assertTrue(room.header("Content-Type").startsWith("text/html"), room.header("Content-Type"));
        assertEquals("no-cache", room.header("Cache-Control"));
        assertTrue(room.header("Content-Security-Policy").contains("default-src 'self'"), room.toString());
        assertTrue(room.body().contains("<html lang=\"en\">"), "no language");
        assertTrue(room.body().contains("<h1>Gavel auction room</h1>"), room.body());
        assertTrue(room.body().contains("src=\"/assets/room.js\""), room.body());
    }

    @Test
    void shouldServeTheOperatorsPageAndItsChartLibrary() {
        // when
        Response ops = stack.get("/ops");
        Response uplot = stack.get("/assets/uPlot.iife.min.js");
        Response script = stack.get("/assets/ops.js");

        // then
        assertEquals(200, ops.status(), ops.toString());
        assertTrue(ops.header("Content-Type").startsWith("text/html"), ops.header("Content-Type"));
        assertTrue(ops.body().contains("src=\"/assets/uPlot.iife.min.js\""), ops.body());
        assertEquals(200, uplot.status(), uplot.toString());
        assertTrue(uplot.body().contains("uPlot"), "not the uPlot bundle");
        assertEquals(200, script.status(), script.toString());
        assertTrue(script.body().contains("/live/operations"), "not the operators' script");
    }

    @Test
    void shouldStillAnswerUnknownPathsInTheContractsJson() {
        // when
        Response unknown = stack.get("/no-such-page");
        Response missingAsset = stack.get("/assets/no-such-file.js");
        Response wrongMethod = stack.send("POST", "/", "{}", null);

        // then
        assertError(unknown, 404, "not_found");
        assertError(missingAsset, 404, "not_found");
        assertEquals("application/json", wrongMethod.header("Content-Type").split(";")[0], wrongMethod.toString());
        assertEquals(405, wrongMethod.status(), wrongMethod.toString());
    }
}
