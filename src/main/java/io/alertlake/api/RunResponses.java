package io.alertlake.api;

import io.alertlake.jobs.SharedRuns;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The answers of the operator runs' endpoints (backfill, replay): a start, a cancel, and a run's progress. */
final class RunResponses {

    private RunResponses() {
    }

    /** 202 with the run and its address, or 409 with the one already under way. */
    static <P> Response started(SharedRuns.Started<P> started, Function<P, String> id, String what, String path) {
        P run = started.run();
        if (started.alreadyRunning()) {
            return Response.status(Response.Status.CONFLICT).entity(run == null
                    ? Map.of("error", what + " is already under way on another task")
                    : Map.of("error", what + " is already under way: " + id.apply(run), "run", run)).build();
        }
        return Response.accepted(run).location(URI.create(path + id.apply(run))).build();
    }

    /**
     * 202 with the run, which stops before its next step (its status says when it has: {@code CANCELLED}); 409 when
     * it had already ended; 404.
     */
    static <P> Response cancelling(Optional<SharedRuns.Cancelling<P>> cancelling, String what, String id) {
        if (cancelling.isEmpty()) {
            return progress(Optional.empty(), what, id);
        }
        P run = cancelling.get().run();
        if (!cancelling.get().running()) {
            return Response.status(Response.Status.CONFLICT).entity(Map.of("error", what + " " + id
                    + " has already ended", "run", run)).build();
        }
        return Response.accepted(run).build();
    }

    /** 200 with the run's progress, or 404. */
    static Response progress(Optional<?> run, String what, String id) {
        return run.map(r -> Response.ok(r).build()).orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                .entity(Map.of("error", "no " + what + " " + id + " (unknown, or its record in state/ has expired)"))
                .build());
    }
}
