package io.alertlake.api;

import io.alertlake.consume.ReplayRun;
import io.alertlake.consume.ReplayRuns;
import io.alertlake.redelivery.Redeliveries;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Operator endpoints (bearer token required, see {@link ApiAuthFilter}). */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final ReplayRuns replays;
    private final Redeliveries redeliveries;

    AdminResource(ReplayRuns replays, Redeliveries redeliveries) {
        this.replays = replays;
        this.redeliveries = redeliveries;
    }

    /**
     * Sweeps the webhooks for failed deliveries now and asks GitHub to redeliver them (also runs on a schedule):
     * 200 with the outcome per hook, 409 while a pass runs (here or on another task), 503 without a GitHub App.
     */
    @POST
    @Path("/redeliver")
    public Response redeliver() {
        try {
            return redeliveries.sweepAlone().map(r -> Response.ok(r).build())
                    .orElseGet(() -> Response.status(Response.Status.CONFLICT).entity(Map.of("error",
                            "a redelivery pass is running (state/lease-" + Redeliveries.PASS_LEASE
                                    + ".json); ask again when it has ended")).build());
        } catch (IllegalStateException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(Map.of("error", e.getMessage())).build();
        }
    }

    /**
     * Starts rebuilding findings from the raw archive of receive days {@code from}..{@code to} (inclusive, UTC);
     * 202 with the replay, 409 while another goes, 400 for a bad range.
     */
    @POST
    @Path("/replay")
    public Response replay(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate start = day("from", from);
        LocalDate end = to == null || to.isBlank() ? start : day("to", to);
        try {
            return RunResponses.started(replays.start(start, end), ReplayRun.Snapshot::id, "a replay",
                    "/admin/replay/");
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
    }

    /** A replay's progress: batches done of those to replay, deliveries, records, quarantined, files removed. */
    @GET
    @Path("/replay/{id}")
    public Response replayProgress(@PathParam("id") String id) {
        return RunResponses.progress(replays.find(id), "replay", id);
    }

    /**
     * Cancels a replay, whichever task runs it: it stops before its next batch (what was replayed stays replayed;
     * replaying the range again finishes it). 202 with the replay, 409 when it had already ended, 404.
     */
    @DELETE
    @Path("/replay/{id}")
    public Response cancelReplay(@PathParam("id") String id) {
        return RunResponses.cancelling(replays.cancel(id), "replay", id);
    }

    /** The last 50 replays, newest first. */
    @GET
    @Path("/replay")
    public List<ReplayRun.Snapshot> replays() {
        return replays.recent();
    }

    private static LocalDate day(String name, String value) {
        if (value == null || value.isBlank()) {
            throw badRequest("query parameter '" + name + "' (YYYY-MM-DD) is required");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw badRequest("query parameter '" + name + "' is not a date (YYYY-MM-DD): " + value);
        }
    }

    /** A 400 whose body says what is wrong, as the other answers here do (a bare exception's 400 has none). */
    private static BadRequestException badRequest(String message) {
        return new BadRequestException(Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build());
    }
}
