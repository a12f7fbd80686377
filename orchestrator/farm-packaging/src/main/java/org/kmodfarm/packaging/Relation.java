package org.kmodfarm.packaging;

import java.util.Objects;

/**
 * One dependency or capability: a name, and the exact version it is bound to, if any. Each format writes it in
 * its own syntax ({@code linux-image-K}, {@code kernel-uname-r = K}, {@code modalias(pci:v…)}).
 *
 * @param version empty when any version will do
 */
public record Relation(String name, String version) {
    public Relation {
        Objects.requireNonNull(version, "version");
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace) || name.contains(",")) {
            throw new IllegalArgumentException("a relation needs a name without spaces or commas: '" + name + "'");
        }
    }

    public static Relation of(String name) {
        return new Relation(name, "");
    }

    public static Relation exactly(String name, String version) {
        return new Relation(name, version);
    }
}
