package io.alertlake.api;

import io.alertlake.consume.Replayer;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Operator endpoints (bearer token required, see {@link ApiAuthFilter}). */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final Replayer replayer;

    AdminResource(Replayer replayer) {
        this.replayer = replayer;
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
