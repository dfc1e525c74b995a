package io.alertlake.api;

import io.alertlake.backfill.BackfillRun;
import io.alertlake.backfill.BackfillRuns;
import io.alertlake.github.GitHubException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
     * for an org the App is not installed on, 502 when GitHub refused or failed to list the App's installations,
     * 503 without a configured App.
     */
    @POST
    public Response start(@QueryParam("org") String org) {
        try {
            return RunResponses.started(runs.backfill(org == null || org.isBlank() ? null : org.trim()),
                    BackfillRun.Snapshot::id, "a run", "/admin/backfill/");
        } catch (IllegalStateException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(Map.of("error", e.getMessage())).build();
        } catch (java.util.NoSuchElementException e) {
            return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", e.getMessage())).build();
        } catch (GitHubException e) {
            // the org's installation is looked up before the run starts: GitHub's answer, not a failure of ours
            return Response.status(Response.Status.BAD_GATEWAY).entity(Map.of("error",
                    "GitHub did not list the App's installations (" + e.status() + "): " + e.getMessage())).build();
        }
    }

    /** Progress of a run: alerts seen, events queued, listings GitHub does not offer, errors. */
    @GET
    @Path("/{id}")
    public Response progress(@PathParam("id") String id) {
        return RunResponses.progress(runs.find(id), "run", id);
    }

    /**
     * Cancels a run, whichever task runs it: it stops before its next listing (the listings it read to their end
     * count, as a finished run's do). 202 with the run, 409 when it had already ended, 404.
     */
    @DELETE
    @Path("/{id}")
    public Response cancel(@PathParam("id") String id) {
        return RunResponses.cancelling(runs.cancel(id), "run", id);
    }

    /** The last 50 runs of the service, newest first. */
    @GET
    public List<BackfillRun.Snapshot> recent() {
        return runs.recent();
    }
}
