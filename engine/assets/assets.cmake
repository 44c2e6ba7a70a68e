# The assets built into borderflow (assets.hpp): the region's basemap from config/, and the
# browser libraries of the HTML report, fetched once from the npm registry as the release
# tarballs their authors publish, each checked against the SHA-256 pinned here. Nothing of
# theirs is committed to this repository; their licences travel with every report.
#
# Offline builds: put the tarballs in BORDERFLOW_ASSET_CACHE first (any machine that has them).
set(BORDERFLOW_ASSET_CACHE "$ENV{HOME}/.cache/borderflow/assets" CACHE PATH
    "where the report's browser libraries are downloaded to (and looked for first)")

# name version sha256 -- the registry's release tarballs (https://registry.npmjs.org/NAME/-/NAME-VERSION.tgz)
set(BORDERFLOW_NPM_PACKAGES
  "leaflet;1.9.4;84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77"
  "vega;6.2.0;aa98ba8c2141f60123e98cdac229303450b1401e5c20f4434a18431e9a9a344d"
  "vega-lite;6.4.0;3cbf428b2ee5c2e797d849bb8deaec05fa5a8f4f8e7e2d87e7c1c96f3e11efb9"
  "vega-embed;7.1.0;a4db01011ad87ed847b83c3b47538f08145ec269bb3c2bff8e35ff692e0f0d58")

set(_unpacked ${CMAKE_BINARY_DIR}/assets)
set(_i 0)
list(LENGTH BORDERFLOW_NPM_PACKAGES _n)
while(_i LESS _n)
  list(GET BORDERFLOW_NPM_PACKAGES ${_i} _name)
  math(EXPR _j "${_i} + 1")
  list(GET BORDERFLOW_NPM_PACKAGES ${_j} _version)
  math(EXPR _k "${_i} + 2")
  list(GET BORDERFLOW_NPM_PACKAGES ${_k} _sha)
  math(EXPR _i "${_i} + 3")
  set(_tgz ${BORDERFLOW_ASSET_CACHE}/${_name}-${_version}.tgz)
  set(_have FALSE)
  if(EXISTS ${_tgz})
    file(SHA256 ${_tgz} _got)
    if(_got STREQUAL _sha)
      set(_have TRUE)
    endif()
  endif()
  if(NOT _have)
    message(STATUS "borderflow: downloading ${_name} ${_version} for the HTML report")
    file(DOWNLOAD https://registry.npmjs.org/${_name}/-/${_name}-${_version}.tgz ${_tgz}
         EXPECTED_HASH SHA256=${_sha} STATUS _status TLS_VERIFY ON)
    list(GET _status 0 _code)
    if(NOT _code EQUAL 0)
      file(REMOVE ${_tgz})
      message(FATAL_ERROR "cannot download ${_name} ${_version} from the npm registry (${_status}); "
                          "put ${_name}-${_version}.tgz (sha256 ${_sha}) in ${BORDERFLOW_ASSET_CACHE}")
    endif()
  endif()
  if(NOT EXISTS ${_unpacked}/${_name}-${_version}/package.json)
    file(REMOVE_RECURSE ${_unpacked}/${_name}-${_version})
    file(ARCHIVE_EXTRACT INPUT ${_tgz} DESTINATION ${_unpacked}/${_name}-${_version}.tmp)
    file(RENAME ${_unpacked}/${_name}-${_version}.tmp/package ${_unpacked}/${_name}-${_version})
    file(REMOVE_RECURSE ${_unpacked}/${_name}-${_version}.tmp)
  endif()
  set(_dir_${_name} ${_unpacked}/${_name}-${_version})
endwhile()

# asset name -> file. The report copies each library with its licence.
set(BORDERFLOW_ASSETS
  "basemap/region-10m.geojson" "${PROJECT_SOURCE_DIR}/config/boundaries/region-10m.geojson"
  "basemap/README.md" "${PROJECT_SOURCE_DIR}/config/boundaries/README.md"
  "leaflet/leaflet.js" "${_dir_leaflet}/dist/leaflet.js"
  "leaflet/leaflet.css" "${_dir_leaflet}/dist/leaflet.css"
  "leaflet/LICENSE" "${_dir_leaflet}/LICENSE"
  "vega/vega.min.js" "${_dir_vega}/build/vega.min.js"
  "vega/LICENSE" "${_dir_vega}/LICENSE"
  "vega-lite/vega-lite.min.js" "${_dir_vega-lite}/build/vega-lite.min.js"
  "vega-lite/LICENSE" "${_dir_vega-lite}/LICENSE"
  "vega-embed/vega-embed.min.js" "${_dir_vega-embed}/build/vega-embed.min.js"
  "vega-embed/LICENSE" "${_dir_vega-embed}/LICENSE")

set(BORDERFLOW_ASSET_ASM "")
set(BORDERFLOW_ASSET_TABLE "")
set(_files "")
set(_i 0)
set(_index 0)
list(LENGTH BORDERFLOW_ASSETS _n)
while(_i LESS _n)
  list(GET BORDERFLOW_ASSETS ${_i} _asset)
  math(EXPR _j "${_i} + 1")
  list(GET BORDERFLOW_ASSETS ${_j} _file)
  math(EXPR _i "${_i} + 2")
  if(NOT EXISTS ${_file})
    message(FATAL_ERROR "asset ${_asset}: ${_file} is missing")
  endif()
  list(APPEND _files ${_file})
  set(_label bf_asset_${_index})
  string(APPEND BORDERFLOW_ASSET_ASM
    "__asm__(\".pushsection .rodata.borderflow_assets,\\\"a\\\",@progbits\\n\"\n"
    "        \".balign 16\\n.hidden ${_label}_begin\\n.globl ${_label}_begin\\n${_label}_begin:\\n\"\n"
    "        \".incbin \\\"${_file}\\\"\\n\"\n"
    "        \".hidden ${_label}_end\\n.globl ${_label}_end\\n${_label}_end:\\n.byte 0\\n.popsection\\n\");\n"
    "extern \"C\" const char ${_label}_begin[];\nextern \"C\" const char ${_label}_end[];\n")
  string(APPEND BORDERFLOW_ASSET_TABLE "    {\"${_asset}\", ${_label}_begin, ${_label}_end},\n")
  math(EXPR _index "${_index} + 1")
endwhile()
configure_file(${CMAKE_CURRENT_LIST_DIR}/assets.cpp.in ${CMAKE_CURRENT_BINARY_DIR}/generated/assets.cpp @ONLY)
set_source_files_properties(${CMAKE_CURRENT_BINARY_DIR}/generated/assets.cpp PROPERTIES OBJECT_DEPENDS "${_files}")
set(BORDERFLOW_ASSET_SOURCE ${CMAKE_CURRENT_BINARY_DIR}/generated/assets.cpp)
