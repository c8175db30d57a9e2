package dev.gavel.bench.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** A run's results, looked up by name, with the comparisons the report makes between them. */
final class Results {

    private final List<ScenarioResult> all;
    private final Map<String, ScenarioResult> byName = new LinkedHashMap<>();

    Results(List<ScenarioResult> all) {
        this.all = List.copyOf(all);
        all.forEach(r -> byName.put(r.name(), r));
    }

    List<ScenarioResult> all() {
        return all;
    }

    /** The measured result of a scenario, if it ran and gave one. */
    Optional<ScenarioResult> ok(String name) {
        return Optional.ofNullable(byName.get(name)).filter(ScenarioResult::ok);
    }

    Optional<LoadResult> load(String name) {
        return ok(name).flatMap(ScenarioResult::result);
    }

    /**
     * The reference a result is divided by: its catalogue scenario's (a result named after a scenario,
     * such as reads-nginx-winner, belongs to the longest scenario name it starts with).
     */
    static Optional<String> referenceOf(String resultName) {
        return Catalogue.ALL.stream().filter(s -> resultName.equals(s.name()) || resultName.startsWith(s.name() + "-"))
                .max((a, b) -> Integer.compare(a.name().length(), b.name().length()))
                .flatMap(Scenario::reference);
    }

    /** requests/s of a over requests/s of b. */
    OptionalDouble rpsRatio(String a, String b) {
        Optional<LoadResult> x = load(a);
        Optional<LoadResult> y = load(b);
        return x.isPresent() && y.isPresent() ? Fmt.divide(x.get().rps(), y.get().rps()) : OptionalDouble.empty();
    }

    /**
     * b's CPU per request over a's (every group but the load generator): the throughput ratio the two
     * would reach on the same idle cores, much steadier than requests/s on a shared machine.
     */
    OptionalDouble cpuRatio(String a, String b) {
        Optional<ScenarioResult> x = ok(a);
        Optional<ScenarioResult> y = ok(b);
        return x.isPresent() && y.isPresent() ? Fmt.divide(y.get().cpu().serverTotal(), x.get().cpu().serverTotal())
                : OptionalDouble.empty();
    }

    /** CPU per request of these groups together in one scenario, empty if it did not run. */
    OptionalDouble cpu(String name, String... groups) {
        Optional<ScenarioResult> r = ok(name);
        if (r.isEmpty() || r.get().cpu().usPerRequest().isEmpty()) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (String group : groups) {
            sum += r.get().cpu().of(group);
        }
        return OptionalDouble.of(sum);
    }
}
