package io.alertlake.lake;

import java.util.List;

/**
 * Lake objects of the {@code findings} or {@code repositories} tables that were written, rewritten or deleted
 * (a CDI event): the embedded engine of local mode keeps its copy of those tables in step with them.
 */
public record LakeFilesChanged(List<String> keys) {
}
