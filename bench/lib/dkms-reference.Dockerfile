# Debian's real DKMS on top of one of kmodfarm's builder images (that kernel's headers and the compiler its
# distro builds it with), for the kernels a bookworm host cannot build (trixie's need gcc-14): bench/farm
# builds it with network, tagged kmodfarm-bench/dkms:BUILDER-TAG, and runs `dkms build` in it as root.
ARG BUILDER
FROM ${BUILDER}
USER root
RUN apt-get -o Acquire::Check-Valid-Until=false update \
 && apt-get install -y --no-install-recommends dkms \
 && rm -rf /var/lib/apt/lists/*
# Not a kmodfarm image: keep 'images list'/'images prune' and the label filters of bench/farm off it.
LABEL kmodfarm.kind=bench-dkms
WORKDIR /root
