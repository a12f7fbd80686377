# Builder image of one kernel: its headers at /lib/modules/KERNEL/build and the compiler its
# distro built it with, layered on the release's base image. The only network use is here.
ARG BASE
FROM ${BASE}
ARG KERNEL
ARG HEADERS_PACKAGE
ARG HEADERS_VERSION
ARG SUITE
COPY apt/ /etc/apt/
COPY check-builder /usr/local/lib/kmodfarm/check-builder
# -t SUITE lets backports/security dependencies win; INITRD=No skips the initramfs that newer
# headers packages pull in through their linux-image dependency (nothing boots this image).
RUN apt-get update \
 && INITRD=No apt-get install -y --no-install-recommends -t "$SUITE" "$HEADERS_PACKAGE=$HEADERS_VERSION" \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /boot/initrd.img-* \
 && /usr/local/lib/kmodfarm/check-builder "$KERNEL"
ENV KMODFARM_KERNEL=${KERNEL}
USER builder
WORKDIR /build
