package org.kmodfarm.dkms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One bash indexed array as dkms.conf left it: a possibly sparse map from index to value. A scalar
 * assignment is element 0. Reading an element that is not set gives the empty string, as in bash.
 *
 * @param elements the set elements by index; copied, never null, no null values, no negative index
 */
public record BashArray(NavigableMap<Integer, String> elements) {
    /** The array with no element set (an unset variable). */
    public static final BashArray EMPTY = new BashArray(new TreeMap<>());

    public BashArray {
        Objects.requireNonNull(elements, "elements");
        TreeMap<Integer, String> copy = new TreeMap<>(elements);
        copy.forEach((index, value) -> {
            if (index < 0) {
                throw new IllegalArgumentException("negative bash array index " + index);
            }
            Objects.requireNonNull(value, "value");
        });
        elements = Collections.unmodifiableNavigableMap(copy);
    }

    /** {@code ${A[index]}}: the element, or "" when it is not set. */
    public String get(int index) {
        return elements.getOrDefault(index, "");
    }

    /** {@code ${A}}, which bash reads as element 0. */
    public String scalar() {
        return get(0);
    }

    /** {@code ${#A[@]}}: how many elements are set, which is not the highest index plus one. */
    public int count() {
        return elements.size();
    }

    /** The highest index set, or -1 for an unset array. */
    public int maxIndex() {
        return elements.isEmpty() ? -1 : elements.lastKey();
    }

    /** {@code "${A[@]}"}: the set elements in index order. */
    public List<String> values() {
        return List.copyOf(new ArrayList<>(elements.values()));
    }
}
