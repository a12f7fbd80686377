/**
 * kmodfarm on a Docker engine: the {@link org.kmodfarm.model.spi.EngineProbe},
 * {@link org.kmodfarm.model.spi.ImageStore} and {@link org.kmodfarm.model.spi.Sandbox} of the model,
 * implemented with docker-java. This is the only package that uses docker-java, and none of its types
 * appears in a public signature.
 *
 * <p>Ownership: {@link org.kmodfarm.docker.DockerEngines#connect(String)} opens a
 * {@link org.kmodfarm.docker.DockerEngine}; whoever opened it closes it, after the last use of the
 * {@link org.kmodfarm.docker.DockerEngineProbe}, {@link org.kmodfarm.docker.DockerImageStore} and
 * {@link org.kmodfarm.docker.DockerSandbox} made on it (they borrow the connection and own nothing).
 * One connection serves any number of threads.
 *
 * <p>Failures of the engine surface as {@link org.kmodfarm.model.InfraException} with a fix.
 */
package org.kmodfarm.docker;
