package io.alertlake.api;

import io.alertlake.consume.Replayer;
import io.alertlake.redelivery.Redeliveries;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Operator endpoints (bearer token required, see {@link ApiAuthFilter}). */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final Replayer replayer;
    private final Redeliveries redeliveries;

    AdminResource(Replayer replayer, Redeliveries redeliveries) {
        this.replayer = replayer;
        this.redeliveries = redeliveries;
    }

    /** Sweeps the webhooks for failed deliveries now and asks GitHub to redeliver them (also runs on a schedule). */
    @POST
    @Path("/redeliver")
    public Response redeliver() {
        try {
            return Response.ok(redeliveries.sweep()).build();
        } catch (IllegalStateException e) {
            return Response.status(Response.Status.CONFLICT).entity(Map.of("error", e.getMessage())).build();
        }
    }

    /** Rebuilds findings from the raw archive of receive days {@code from}..{@code to} (inclusive, UTC). */
    @POST
    @Path("/replay")
    public Replayer.Result replay(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate start = day("from", from);
        LocalDate end = to == null || to.isBlank() ? start : day("to", to);
        try {
            return replayer.replay(start, end);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static LocalDate day(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException("query parameter '" + name + "' (YYYY-MM-DD) is required");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("query parameter '" + name + "' is not a date (YYYY-MM-DD): " + value);
        }
    }
}
