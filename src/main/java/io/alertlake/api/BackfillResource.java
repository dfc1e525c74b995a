package io.alertlake.api;

import io.alertlake.backfill.BackfillRun;
import io.alertlake.backfill.BackfillRuns;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Backfill runs through the GitHub App (bearer token required, see {@link ApiAuthFilter}). */
@Path("/admin/backfill")
@Produces(MediaType.APPLICATION_JSON)
public class BackfillResource {

    private final BackfillRuns runs;

    BackfillResource(BackfillRuns runs) {
        this.runs = runs;
    }

    /**
     * Starts a full backfill (of one org with {@code ?org=}); 202 with the run, 409 while another run is going, 404
     * for an org the App is not installed on, 503 without a configured App.
     */
    @POST
    public Response start(@QueryParam("org") String org) {
        BackfillRuns.Started started;
        try {
            started = runs.backfill(org == null || org.isBlank() ? null : org.trim());
        } catch (IllegalStateException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(Map.of("error", e.getMessage())).build();
        } catch (java.util.NoSuchElementException e) {
            return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", e.getMessage())).build();
        }
        BackfillRun.Snapshot run = started.run();
        if (started.alreadyRunning()) {
            return Response.status(Response.Status.CONFLICT).entity(run == null
                    ? Map.of("error", "a run is already under way on another task")
                    : Map.of("error", "a run is already under way: " + run.id(), "run", run)).build();
        }
        return Response.accepted(run).location(URI.create("/admin/backfill/" + run.id())).build();
    }

    /** Progress of a run: alerts seen, events queued, listings GitHub does not offer, errors. */
    @GET
    @Path("/{id}")
    public Response progress(@PathParam("id") String id) {
        return runs.find(id).map(r -> Response.ok(r).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of("error", "no run " + id + " among the last 50")).build());
    }

    /** The last 50 runs of the service, newest first. */
    @GET
    public List<BackfillRun.Snapshot> recent() {
        return runs.recent();
    }
}
