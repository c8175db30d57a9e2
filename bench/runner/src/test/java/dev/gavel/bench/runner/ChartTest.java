package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ChartTest {

    @Test
    void shouldDrawAThroughputAndALatencyBarPerMeasuredScenario() throws Exception {
        // given two measured scenarios and one that did not run
        List<ScenarioResult> results = List.of(
                Fixtures.result("ref-set", 40_000, 1000, 8000, Map.of(), Optional.empty()),
                Fixtures.result("bids-direct", 10_000, 4000, 16_000, Map.of(), Fixtures.lag(0.2)),
                ScenarioResult.notMeasured("impressions", ScenarioResult.State.NOT_AVAILABLE, "404"));

        // when
        Document svg = parse(Chart.svg(results));

        // then a background and two bars per measured scenario, scaled to the largest
        NodeList rects = svg.getElementsByTagName("rect");
        assertEquals(1 + 1 + 4, rects.getLength());
        assertEquals("300.0", ((Element) rects.item(2)).getAttribute("width"));
        assertEquals("75.0", ((Element) rects.item(4)).getAttribute("width"));
        assertEquals("#9e9e9e", ((Element) rects.item(2)).getAttribute("fill"));
        assertEquals("#1f77b4", ((Element) rects.item(4)).getAttribute("fill"));
    }

    @Test
    void shouldHatchAndLabelARateThatLeftABacklog() throws Exception {
        // given a scenario whose archive was 3.4 s behind at its end
        List<ScenarioResult> results = List.of(Fixtures.result("bids-nginx", 9000, 1000, 8000, Map.of(), Fixtures.lag(3.4)));

        // when
        String svg = Chart.svg(results);

        // then
        Element bar = (Element) parse(svg).getElementsByTagName("rect").item(2);
        assertEquals("url(#backlog)", bar.getAttribute("fill"));
        assertTrue(svg.contains("9000 (archive lag 3.4 s)"), svg);
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
