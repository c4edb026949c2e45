package io.relata.core.customers.field;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/**
 * One custom-field value of one record of this bundle (customer, contact, lead); a multi-picklist has one row per
 * chosen option. Values live in a column of their kind so filters compare numbers as numbers and dates as dates.
 */
@Entity
@Table(name = "core_field_value")
@IdClass(FieldValueEntity.Key.class)
public class FieldValueEntity {

    /** The primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        String recordType;
        String recordId;
        String fieldKey;
        int position;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && position == key.position && recordType.equals(key.recordType)
                    && recordId.equals(key.recordId) && fieldKey.equals(key.fieldKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(recordType, recordId, fieldKey, position);
        }
    }

    @Id
    @Column(name = "record_type", length = 100)
    private String recordType;

    @Id
    @Column(name = "record_id", length = 36)
    private String recordId;

    @Id
    @Column(name = "field_key", length = 40)
    private String fieldKey;

    @Id
    private int position;

    /** The field's type when written, so reading back needs no definition. */
    @Column(name = "field_type", nullable = false, length = 20)
    private String fieldType;

    @Column(name = "text_value", length = 500)
    private String textValue;

    /** Text too long for the indexed column; never filtered on. */
    @Column(name = "long_text_value", length = 10000)
    private String longTextValue;

    @Column(name = "number_value", precision = 38, scale = 12)
    private BigDecimal numberValue;

    @Column(name = "date_value")
    private LocalDate dateValue;

    protected FieldValueEntity() {
    }

    FieldValueEntity(String recordType, String recordId, String fieldKey, int position, String fieldType) {
        this.recordType = recordType;
        this.recordId = recordId;
        this.fieldKey = fieldKey;
        this.position = position;
        this.fieldType = fieldType;
    }

    FieldValueEntity text(String text) {
        if (text.length() <= 500) {
            textValue = text;
        } else {
            longTextValue = text;
        }
        return this;
    }

    FieldValueEntity number(BigDecimal number) {
        numberValue = number;
        return this;
    }

    FieldValueEntity date(LocalDate date) {
        dateValue = date;
        return this;
    }

    String recordId() {
        return recordId;
    }

    String fieldKey() {
        return fieldKey;
    }

    String fieldType() {
        return fieldType;
    }

    String textValue() {
        return textValue != null ? textValue : longTextValue;
    }

    BigDecimal numberValue() {
        return numberValue;
    }

    LocalDate dateValue() {
        return dateValue;
    }
}
