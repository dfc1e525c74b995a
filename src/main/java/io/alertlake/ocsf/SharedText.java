package io.alertlake.ocsf;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes equal text values of mapped records one {@code String}. A flush holds every record it maps until it writes
 * them, and most of a record's text repeats records before it (its org and repo, state, severity, tool and rule, a
 * rule's or an advisory's description and links, the alert's own link): each record kept its own copies, half of
 * the heap a held record takes (4.3 KB a record of the demo's deliveries, 2.2 KB shared: bench/consume/memory.sh),
 * which the garbage collector copied from young space to old as the flush filled.
 *
 * <p>A fixed table of recent values, two to a set of slots chosen by hash, shared by the mapping threads: a value
 * equal to one of its set's is replaced by it; any other takes the set's first slot, and the value there moves to
 * the second. A race between threads can only lose a share, never a value: strings are immutable and safely
 * published. The table holds at most {@link #SLOTS} values of at most {@link #MAX_LENGTH} characters, whatever the
 * payloads: ~400 KB after the benchmark's 200,000 deliveries (3,900 values), 64 MiB if every value were a
 * different text of the longest length held.
 */
final class SharedText {

    static final int SLOTS = 1 << 14;
    static final int MAX_LENGTH = 4096;

    private static final String[] TABLE = new String[SLOTS];

    private SharedText() {
    }

    /** The table's string equal to {@code s} if it holds one, else {@code s}, now held. */
    static String of(String s) {
        if (s == null || s.length() > MAX_LENGTH) {
            return s;
        }
        int first = set(s) * 2;
        String held = TABLE[first];
        if (s.equals(held)) {
            return held;
        }
        String older = TABLE[first + 1];
        if (s.equals(older)) {
            return older;
        }
        // two values per set: two frequent values of one set (a record's cwe link and its caption, say) do not
        // take each other's place at every record
        TABLE[first + 1] = held;
        TABLE[first] = s;
        return s;
    }

    /** The set of two slots a value may take. */
    static int set(String s) {
        int h = s.hashCode();
        return (h ^ (h >>> 15)) & (SLOTS / 2 - 1);
    }

    /**
     * Every string of {@code record}, its nested records and lists, replaced by its shared copy; but for fields whose
     * every value is new (those without a Parquet dictionary: a delivery's id, its times), which would only take
     * the place of values that repeat.
     */
    static void shareAll(GenericData.Record record) {
        PLANS.computeIfAbsent(record.getSchema(), Plan::of).share(record);
    }

    private static final Map<Schema, Plan> PLANS = new ConcurrentHashMap<>();

    /**
     * Where a record's strings are, worked out once per schema: walking each record's values and asking each what
     * it is cost more than the sharing (bench/consume/map.sh).
     */
    private record Plan(int[] texts, int[] records, Plan[] recordPlans, int[] lists, Plan[] elementPlans) {

        static Plan of(Schema schema) {
            List<Integer> texts = new ArrayList<>();
            List<Integer> records = new ArrayList<>();
            List<Plan> recordPlans = new ArrayList<>();
            List<Integer> lists = new ArrayList<>();
            List<Plan> elementPlans = new ArrayList<>();
            for (Schema.Field f : schema.getFields()) {
                if (FindingSchema.everyValueNew(f)) {
                    continue;
                }
                Schema type = Avro.nonNull(f.schema());
                switch (type.getType()) {
                    case STRING -> texts.add(f.pos());
                    case RECORD -> {
                        records.add(f.pos());
                        recordPlans.add(of(type));
                    }
                    case ARRAY -> {
                        Schema element = Avro.nonNull(type.getElementType());
                        if (element.getType() == Schema.Type.STRING || element.getType() == Schema.Type.RECORD) {
                            lists.add(f.pos());
                            elementPlans.add(element.getType() == Schema.Type.RECORD ? of(element) : null);
                        }
                    }
                    default -> {
                    }
                }
            }
            return new Plan(ints(texts), ints(records), recordPlans.toArray(Plan[]::new), ints(lists),
                    elementPlans.toArray(Plan[]::new));
        }

        void share(GenericData.Record record) {
            for (int i : texts) {
                if (record.get(i) instanceof String text) {
                    record.put(i, SharedText.of(text));
                }
            }
            for (int i = 0; i < records.length; i++) {
                if (record.get(records[i]) instanceof GenericData.Record child) {
                    recordPlans[i].share(child);
                }
            }
            for (int i = 0; i < lists.length; i++) {
                if (record.get(lists[i]) instanceof List<?> list && !list.isEmpty()) {
                    if (elementPlans[i] == null) {
                        shareTexts(record, lists[i], list);
                    } else {
                        for (Object element : list) {
                            elementPlans[i].share((GenericData.Record) element);
                        }
                    }
                }
            }
        }

        /**
         * A list of texts, its elements shared: a new list only where one was replaced (a kind's own list, made once
         * in {@link AlertType}, stays), its elements as they were, nulls included.
         */
        private static void shareTexts(GenericData.Record record, int position, List<?> list) {
            Object[] shared = list.toArray();
            boolean replaced = false;
            for (int e = 0; e < shared.length; e++) {
                String held = SharedText.of((String) shared[e]);
                replaced |= held != shared[e];
                shared[e] = held;
            }
            if (replaced) {
                record.put(position, Arrays.asList(shared));
            }
        }

        private static int[] ints(List<Integer> values) {
            return values.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
