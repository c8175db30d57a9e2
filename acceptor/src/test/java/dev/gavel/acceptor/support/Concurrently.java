package dev.gavel.acceptor.support;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Fires one request many times at once, each copy from a thread of its own. */
public final class Concurrently {

    private Concurrently() {
    }

    /** Sends {@code copies} copies of {@code request} in parallel and returns every response once all have answered. */
    public static List<HttpResponse<String>> send(int copies, Callable<HttpResponse<String>> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> response : pool.invokeAll(Collections.nCopies(copies, request))) {
                responses.add(response.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
