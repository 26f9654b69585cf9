#include "errors.h"

namespace tracker::schema_registry_service {

int confluentCode(Errc code) {
  switch (code) {
    case Errc::kSubjectNotFound: return 40401;
    case Errc::kVersionNotFound: return 40402;
    case Errc::kSchemaNotFound: return 40403;
    case Errc::kSubjectSoftDeleted: return 40404;
    case Errc::kSubjectNotSoftDeleted: return 40405;
    case Errc::kVersionSoftDeleted: return 40406;
    case Errc::kVersionNotSoftDeleted: return 40407;
    case Errc::kSubjectConfigNotFound: return 40408;
    case Errc::kSubjectModeNotFound: return 40409;
    case Errc::kIncompatibleSchema: return 40901;
    case Errc::kInvalidSchema: return 42201;
    case Errc::kInvalidVersion: return 42202;
    case Errc::kInvalidCompatibilityLevel: return 42203;
    case Errc::kInvalidMode: return 42204;
    case Errc::kOperationNotPermitted: return 42205;
    case Errc::kReferenceExists: return 42206;
    case Errc::kInvalidSubject: return 42208;
    case Errc::kBadRequest: return 400;
    case Errc::kStoreError: return 50001;
  }
  return 50001;
}

}  // namespace tracker::schema_registry_service
