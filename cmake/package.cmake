# The Debian package: `cpack -G DEB` in the build folder (after the build) writes
# pgdrift_<version>_<arch>.deb with what `cmake --install` installs under /usr. Depends
# are computed from the binary by dpkg-shlibdeps (dpkg-dev), not written by hand.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pgdrift)
set(CPACK_PACKAGE_VENDOR "the pgdrift developers")
set(CPACK_PACKAGE_CONTACT "the pgdrift developers <pgdrift@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "find and fix PostgreSQL schema drift")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "pgdrift snapshots and diffs PostgreSQL schemas, rescues an untracked database with a\n\
dbmate baseline, checks it nightly against its migration history in a shadow database,\n\
adopts its drift into that history or reverts it, plans migrations between schemas and\n\
gates deploys on lock hazards.")
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The shadow cluster runs PostgreSQL's own server binaries of the live major.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
