package dev.gavel.query;

import io.micronaut.runtime.Micronaut;

/** Starts the query-api: the read path and the catalogue. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
