package org.kmodfarm.model.spi;

/** What a container engine says about itself. */
public record EngineInfo(String version, String apiVersion, String os, String arch, String storageDriver) {
}
