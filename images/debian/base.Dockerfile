# Base builder image of one Debian release: the release's userland, the tools every module build
# needs, a JRE for kmodfarm's own DKMS implementation (the cell runs it inside the sandbox), and the
# non-root build user. Built FROM a root filesystem that kmodfarm pulled or bootstrapped.
ARG ROOTFS
FROM ${ROOTFS}
ARG RELEASE
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
# The release's own suite only; the kernel layer adds the suites its headers come from.
COPY apt/ /etc/apt/
RUN rm -f /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends make kmod libc6-dev binutils patch xz-utils zstd bc \
      libelf-dev openssl ca-certificates default-jre-headless ccache \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
RUN groupadd --gid 1000 builder \
 && useradd --uid 1000 --gid 1000 --home-dir /build/home --no-create-home --shell /bin/sh builder \
 && mkdir -p /build/out /build/home /ccache \
 && chown -R builder:builder /build /ccache
WORKDIR /build
